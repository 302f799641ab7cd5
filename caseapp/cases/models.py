"""Cases, their timeline events and consents."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.auth.models import User
from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.enums import LabelledEnum
from caseapp.core.models import UTCDateTime, split_codes, string_enum, utcnow
from caseapp.crypto import encrypted
from caseapp.extensions import db
from caseapp.persons.models import Person


class Exploitation(LabelledEnum):
    """HTCDS 2.0 ``vic_TypeOfExploitation`` values."""

    SEXUAL = "SexualExploitation", _l("Sexual exploitation")
    FORCED_LABOUR = "ForcedLabour", _l("Forced labour")
    CHILD_LABOUR = "ChildLabour", _l("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _l("Forced marriage")
    SERVITUDE = "Servitude", _l("Servitude")
    FORCED_BEGGING = "ForcedBegging", _l("Forced begging")
    ORGAN_REMOVAL = "OrganRemoval", _l("Organ removal")
    FORCED_CRIMINALITY = "ForcedCriminality", _l("Forced criminality")
    OTHER = "Other", _l("Other")


class TraffickingStatus(LabelledEnum):
    """HTCDS 2.0 ``vic_TraffickingStatus`` values."""

    POSSIBLE = "PossibleVictimOfTrafficking", _l("Possible victim")
    ACTUAL = "ActualVictimOfTrafficking", _l("Actual victim")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _l("Not a victim")


class DecisionBody(LabelledEnum):
    """Who decided the trafficking status (the Danish bodies; HTCDS decision-making organisation)."""

    DIS = "dis", _l("Danish Immigration Service")
    CMM = "cmm", _l("Centre against Human Trafficking")
    POLICE = "police", _l("Police")
    COURT = "court", _l("Court")
    NGO = "ngo", _l("Presumed by the NGO")


class ConsentPurpose(LabelledEnum):
    """What a person has agreed that their data may be used for."""

    KEEP_DATA = "keep_data", _l("Keep personal data")
    SHARE_RETURN_ORGANISATION = "share_return_organisation", _l("Share with the return organisation")
    SHARE_POLICE = "share_police", _l("Share with the police")
    SHARE_OTHER_ORGANISATION = "share_other_organisation", _l("Share with another organisation")


class EventKind(StrEnum):
    """The timeline kinds the cases feature registers; other features register their own."""

    OPENED = "opened"
    STATUS_CHANGED = "status_changed"
    DECISION = "decision"
    ASSIGNED = "assigned"
    NOTE = "note"
    CONTACT = "contact"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    EDITED = "edited"


class Case(UUIDPrimaryKey, db.Model):
    """One organisation's work with one person."""

    __tablename__ = "cases"
    # Each list of cases (all, by status, by worker) walks its own index newest first and stops after a page.
    __table_args__ = (Index("ix_cases_organisation_opened", "organisation_id", "opened_at", "id"),
                      Index("ix_cases_organisation_status_opened", "organisation_id", "status", "opened_at", "id"),
                      Index("ix_cases_organisation_assigned_opened", "organisation_id", "assigned_to_id", "opened_at",
                            "id"),
                      Index("ix_cases_person_opened", "person_id", "opened_at"),
                      Index("uq_cases_organisation_reference", "organisation_id", "reference", unique=True))

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    assigned_to_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(string_enum(CaseStatus, "case_status"), default=CaseStatus.OPEN)
    exploitation: Mapped[str] = mapped_column(db.String(250), default="")
    trafficking_status: Mapped[TraffickingStatus | None] = mapped_column(
        string_enum(TraffickingStatus, "trafficking_status"))
    decided_by: Mapped[DecisionBody | None] = mapped_column(string_enum(DecisionBody, "decision_body"))
    decided_on: Mapped[date | None]
    closure_outcome: Mapped[ClosureOutcome | None] = mapped_column(string_enum(ClosureOutcome, "closure_outcome"))
    closed_on: Mapped[date | None]
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Short human reference (see ``cases.references``); the only identifier an email may carry.
    reference: Mapped[str] = mapped_column(db.String(24))
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person] = relationship()
    assigned_to: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def exploitation_codes(self):
        """HTCDS exploitation values of the case."""
        return split_codes(self.exploitation)


class CaseReferenceCounter(db.Model):
    """The last case number an organisation gave out in one year."""

    __tablename__ = "case_reference_counters"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class CaseEvent(UUIDPrimaryKey, db.Model):
    """One entry on a case's timeline: who did what, when. Free text is encrypted."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_occurred", "case_id", "occurred_at"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # A registered timeline kind (core.registry): features add kinds without a schema change.
    kind: Mapped[str] = mapped_column(db.String(32))
    # Codes and ids only (a status, an outcome, a user id, a contact id), never personal data.
    detail: Mapped[dict] = mapped_column(db.JSON, default=dict)
    note = encrypted("note")

    actor: Mapped[User | None] = relationship()


class Consent(UUIDPrimaryKey, db.Model):
    """A consent for one purpose, given and perhaps later withdrawn."""

    __tablename__ = "consents"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(string_enum(ConsentPurpose, "consent_purpose"))
    given_on: Mapped[date]
    withdrawn_on: Mapped[date | None]
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    @property
    def active(self):
        """True while the consent has not been withdrawn."""
        return self.withdrawn_on is None
