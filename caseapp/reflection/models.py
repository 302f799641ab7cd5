"""Reflection periods: the deadline of a case's period and every decision that set it."""

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.enums import LabelledEnum
from caseapp.core.models import UTCDateTime, string_enum, utcnow
from caseapp.crypto import encrypted
from caseapp.extensions import db


class Authority(LabelledEnum):
    """Who decides a reflection period (Aliens Act § 33(14))."""

    DIS = "dis", _l("Danish Immigration Service")
    CMM = "cmm", _l("Centre against Human Trafficking (restitution period, lawfully resident)")


class DecisionKind(LabelledEnum):
    """The first decision of a period, or an extension of it."""

    INITIAL = "initial", _l("Period granted")
    EXTENSION = "extension", _l("Extension")


class ReflectionPeriod(UUIDPrimaryKey, db.Model):
    """A case's reflection period: it starts on the first decision's date and runs to ``deadline``."""

    __tablename__ = "reflection_periods"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    starts_on: Mapped[date]
    deadline: Mapped[date] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(default=1)

    decisions: Mapped[list["ReflectionDecision"]] = relationship(
        back_populates="period", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ReflectionDecision.recorded_at")
    case = relationship("Case")

    __mapper_args__ = {"version_id_col": version}


class ReflectionDecision(UUIDPrimaryKey, db.Model):
    """One decision on a period: the initial grant or an extension, with its new deadline."""

    __tablename__ = "reflection_decisions"

    period_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reflection_periods.id", ondelete="CASCADE"),
                                                 index=True)
    kind: Mapped[DecisionKind] = mapped_column(string_enum(DecisionKind, "reflection_decision_kind"))
    decided_on: Mapped[date]
    decided_by: Mapped[Authority] = mapped_column(string_enum(Authority, "reflection_authority"))
    deadline: Mapped[date]
    # Free text may name the person, so both are encrypted.
    reason = encrypted("reason")
    override_reason = encrypted("override_reason")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    period: Mapped[ReflectionPeriod] = relationship(back_populates="decisions")

    @property
    def kind_label(self):
        """The translated kind of decision."""
        return DecisionKind(self.kind).label

    @property
    def authority_label(self):
        """The translated deciding authority."""
        return Authority(self.decided_by).label


class ReminderSent(UUIDPrimaryKey, db.Model):
    """A deadline reminder, recorded before it is sent: one per period, deadline and threshold, ever.

    ``threshold`` is the number of days before the deadline, or ``PASSED``
    (-1) for the one reminder after it. ``sent_at`` stays empty when the
    sending failed or the run stopped between recording and sending.
    """

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("period_id", "deadline", "threshold", name="uq_reminders_sent_once"),)

    PASSED = -1

    period_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reflection_periods.id", ondelete="CASCADE"),
                                                 index=True)
    deadline: Mapped[date]
    threshold: Mapped[int]
    recipient_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReminderRunLock(db.Model):
    """Held by the one `caseapp reminders send` run allowed at a time; expires if a run dies."""

    __tablename__ = "reminder_run_locks"

    name: Mapped[str] = mapped_column(db.String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(db.String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
