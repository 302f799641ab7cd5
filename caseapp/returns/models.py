"""Prepared returns: the return organisations, a case's return, its reintegration plan and follow-ups."""

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.enums import LabelledEnum
from caseapp.core.models import UTCDateTime, split_codes, string_enum, utcnow
from caseapp.crypto import encrypted
from caseapp.extensions import db


class ReturnStatus(LabelledEnum):
    """Where a prepared return stands."""

    REFERRED = "referred", _l("Referred")
    ACCEPTED = "accepted", _l("Accepted")
    TRAVEL_PLANNED = "travel_planned", _l("Travel planned")
    DEPARTED = "departed", _l("Departed")
    CANCELLED = "cancelled", _l("Cancelled")


class PackField(LabelledEnum):
    """What a referral pack may hold; the consent says which, the worker ticks fewer if they like."""

    GIVEN_NAMES = "given_names", _l("Given names")
    FAMILY_NAME = "family_name", _l("Family name")
    DATE_OF_BIRTH = "date_of_birth", _l("Date of birth")
    GENDER = "gender", _l("Gender")
    CITIZENSHIP = "citizenship", _l("Citizenship")
    LANGUAGES = "languages", _l("Languages")
    PHONES = "phones", _l("Phone numbers")
    IDENTITY_DOCUMENT = "identity_document", _l("Identity document")
    DESTINATION = "destination", _l("Destination")
    TRAVEL_DATE = "travel_date", _l("Planned travel date")
    PLAN = "plan", _l("Reintegration plan")


class PlanKind(LabelledEnum):
    """The kinds of reintegration support (the Centre against Human Trafficking's list)."""

    ALLOWANCE = "allowance", _l("Monthly allowance")
    HOUSING = "housing", _l("Housing")
    INCOME = "income", _l("Income-generating activity")
    MEDICAL = "medical", _l("Medical care")
    SCHOOLING = "schooling", _l("Schooling for children")
    OTHER = "other", _l("Other")


class PlanStatus(LabelledEnum):
    """How far one item of the plan has come."""

    PLANNED = "planned", _l("Planned")
    STARTED = "started", _l("Started")
    DONE = "done", _l("Done")
    DROPPED = "dropped", _l("Dropped")


class Channel(LabelledEnum):
    """How a follow-up contact was made."""

    PHONE = "phone", _l("Phone")
    PARTNER_VISIT = "partner_visit", _l("Visit by a partner")
    MESSAGE = "message", _l("Message")
    OTHER = "other", _l("Other")


class Outcome(LabelledEnum):
    """What a follow-up contact found."""

    REACHED = "reached", _l("Reached")
    NOT_REACHED = "not_reached", _l("Not reached")
    NEEDS_HELP = "needs_help", _l("Needs help")


class ReturnOrganisation(UUIDPrimaryKey, db.Model):
    """An organisation that carries out prepared returns (installation data the system administrator keeps)."""

    __tablename__ = "return_organisations"

    name: Mapped[str] = mapped_column(db.String(200), unique=True)
    active: Mapped[bool] = mapped_column(default=True)


class PreparedReturn(UUIDPrimaryKey, db.Model):
    """A case's return home with a return organisation, from referral to departure (or cancellation)."""

    __tablename__ = "returns"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    return_organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("return_organisations.id"))
    status: Mapped[ReturnStatus] = mapped_column(string_enum(ReturnStatus, "return_status"),
                                                 default=ReturnStatus.REFERRED)
    # The pack fields the person agreed may go to the return organisation (comma-separated codes).
    consented_fields: Mapped[str] = mapped_column(db.String(250), default="")
    destination_country: Mapped[str] = mapped_column(db.String(2))
    region = encrypted("region")
    planned_on: Mapped[date | None]
    departed_on: Mapped[date | None]
    # The day of the latest status change: what the next step is due from.
    status_on: Mapped[date]
    cancel_reason = encrypted("cancel_reason")
    referred_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    referred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    return_organisation: Mapped[ReturnOrganisation] = relationship()
    case = relationship("Case")
    items: Mapped[list["PlanItem"]] = relationship(back_populates="prepared_return", passive_deletes=True,
                                                   order_by="PlanItem.created_at")
    follow_ups: Mapped[list["FollowUp"]] = relationship(back_populates="prepared_return", passive_deletes=True,
                                                        order_by="FollowUp.number")

    __mapper_args__ = {"version_id_col": version}

    @property
    def consented_codes(self):
        """The pack fields the consent covers."""
        return split_codes(self.consented_fields)

    @property
    def status_label(self):
        """The translated status."""
        return ReturnStatus(self.status).label


class PlanItem(UUIDPrimaryKey, db.Model):
    """One item of the reintegration plan, with its status and an encrypted note."""

    __tablename__ = "reintegration_items"

    return_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PlanKind] = mapped_column(string_enum(PlanKind, "reintegration_kind"))
    status: Mapped[PlanStatus] = mapped_column(string_enum(PlanStatus, "reintegration_status"),
                                               default=PlanStatus.PLANNED)
    note = encrypted("note")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    prepared_return: Mapped[PreparedReturn] = relationship(back_populates="items")

    __mapper_args__ = {"version_id_col": version}


class FollowUp(UUIDPrimaryKey, db.Model):
    """A monthly contact after departure: due on a day, then recorded with channel, outcome and a note."""

    __tablename__ = "return_follow_ups"
    __table_args__ = (UniqueConstraint("return_id", "number", name="uq_return_follow_ups_number"),)

    return_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), index=True)
    # 1 for the first month after departure, 2 for the second, ...
    number: Mapped[int]
    due_on: Mapped[date] = mapped_column(index=True)
    done_on: Mapped[date | None]
    channel: Mapped[Channel | None] = mapped_column(string_enum(Channel, "follow_up_channel"))
    outcome: Mapped[Outcome | None] = mapped_column(string_enum(Outcome, "follow_up_outcome"))
    note = encrypted("note")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    prepared_return: Mapped[PreparedReturn] = relationship(back_populates="follow_ups")

    __mapper_args__ = {"version_id_col": version}

    @property
    def done(self):
        """True once the contact is recorded."""
        return self.done_on is not None


class FollowUpReminder(UUIDPrimaryKey, db.Model):
    """A follow-up reminder, recorded before it is sent: one per follow-up and due day, ever."""

    __tablename__ = "follow_up_reminders_sent"
    __table_args__ = (UniqueConstraint("follow_up_id", "due_on", name="uq_follow_up_reminders_once"),)

    follow_up_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("return_follow_ups.id", ondelete="CASCADE"),
                                                    index=True)
    due_on: Mapped[date]
    recipient_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
