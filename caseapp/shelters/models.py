"""Shelters, the staff assigned to them, and placements of cases in them."""

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.enums import LabelledEnum
from caseapp.core.models import UTCDateTime, string_enum, utcnow
from caseapp.crypto import encrypted
from caseapp.extensions import db


class EndReason(LabelledEnum):
    """Why a placement ended."""

    MOVED_ON = "moved_on", _l("Moved on")
    RETURNED_HOME = "returned_home", _l("Returned home")
    LEFT_WITHOUT_NOTICE = "left_without_notice", _l("Left without notice")
    TRANSFERRED = "transferred", _l("Transferred")
    OTHER = "other", _l("Other")


class Shelter(UUIDPrimaryKey, db.Model):
    """A safe house with a number of beds, owned by one organisation; its address is secret."""

    __tablename__ = "shelters"
    __table_args__ = (
        UniqueConstraint("organisation_id", "name", name="uq_shelters_organisation_name"),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(db.String(200))
    capacity: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
    # Never in a list, URL, email or export: only on the shelter's own page.
    address = encrypted("address")


class ShelterStaff(db.Model):
    """A shelter staff member assigned to a shelter by the organisation admin."""

    __tablename__ = "shelter_staff"

    shelter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shelters.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
                                               index=True)


class Placement(UUIDPrimaryKey, db.Model):
    """A case's stay in a shelter: a bed is taken from ``starts_on`` up to, not including, ``ends_on``."""

    __tablename__ = "placements"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        Index("ix_placements_shelter_dates", "shelter_id", "starts_on", "ends_on"),
        # Shelter staff see their shelters' stays running or ended lately: found by end, not by start.
        Index("ix_placements_shelter_ends", "shelter_id", "ends_on"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    shelter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shelters.id"))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    end_reason: Mapped[EndReason | None] = mapped_column(string_enum(EndReason, "placement_end_reason"))
    # Why the shelter took one more person than it has beds (free text, so encrypted).
    over_capacity_reason = encrypted("over_capacity_reason")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    shelter: Mapped[Shelter] = relationship()
    case = relationship("Case")

    __mapper_args__ = {"version_id_col": version}

    def active_on(self, day):
        """True when the placement takes a bed on ``day``."""
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)

    @property
    def end_reason_label(self):
        """The translated reason the placement ended, or None."""
        return EndReason(self.end_reason).label if self.end_reason else None
