"""What statistics keep: match keys, anonymous stubs of erased persons, and the release ledger."""

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.cases.models import DecisionBody, TraffickingStatus
from caseapp.contacts.models import Contact
from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.models import UTCDateTime, split_codes, string_enum, utcnow
from caseapp.extensions import db
from caseapp.persons.models import Gender
from caseapp.stats.categories import AgeBand, CitizenshipGroup

# Counting "was this person in contact during the period" reads only this index, never the contact rows.
Index("ix_contacts_person_occurred", Contact.person_id, Contact.occurred_at)

# Hex digits of a match key: 64 bits, so that two different persons practically never share one.
MATCH_KEY_LENGTH = 16


class MatchKey(UUIDPrimaryKey, db.Model):
    """A keyed hash of one identifying value of a person, equal for equal values in every organisation.

    Unlike the short search indexes, these are long enough to tell persons
    apart, so records of one person held by several organisations can be
    counted once. They are derived from the index key (no key, no guessing)
    and vanish with the person.
    """

    __tablename__ = "stats_match_keys"
    # Covers finding the shared keys of some organisations and their records without reading the rows.
    __table_args__ = (Index("ix_stats_match_keys_kind_digest", "kind", "digest", "organisation_id", "person_id"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(db.String(16))
    digest: Mapped[str] = mapped_column(db.String(MATCH_KEY_LENGTH))


class KeyedPerson(db.Model):
    """Which version of a person the match keys were made from; another version means make them again."""

    __tablename__ = "stats_keyed_persons"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    person_version: Mapped[int]


class StatisticalStub(UUIDPrimaryKey, db.Model):
    """What published statistics need of one erased case: codes and dates, no person.

    No person id, no case id, no name and no timestamp of its own (a
    creation time would tie the stub to the audit entry of the erasure).
    The dates are days, kept because a figure for any period, a quarter or
    a range of days, must not change when the person is erased.
    """

    __tablename__ = "statistical_stubs"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    # Drawn at random for each erasure and shared by the stubs of that one
    # person, so distinct persons can still be counted; it matches nothing else.
    subject_key: Mapped[uuid.UUID] = mapped_column(db.Uuid, index=True)
    opened_on: Mapped[date]
    decided_on: Mapped[date | None]
    gender: Mapped[Gender] = mapped_column(string_enum(Gender, "stub_gender"))
    age_band: Mapped[AgeBand | None] = mapped_column(string_enum(AgeBand, "stub_age_band"))
    citizenship: Mapped[str] = mapped_column(db.String(120), default="")
    citizenship_group: Mapped[CitizenshipGroup] = mapped_column(
        string_enum(CitizenshipGroup, "stub_citizenship_group"))
    exploitation: Mapped[str] = mapped_column(db.String(250), default="")
    trafficking_status: Mapped[TraffickingStatus | None] = mapped_column(
        string_enum(TraffickingStatus, "stub_trafficking_status"))
    decided_by: Mapped[DecisionBody | None] = mapped_column(string_enum(DecisionBody, "stub_decision_body"))
    status: Mapped[CaseStatus] = mapped_column(string_enum(CaseStatus, "stub_case_status"))
    closure_outcome: Mapped[ClosureOutcome | None] = mapped_column(
        string_enum(ClosureOutcome, "stub_closure_outcome"))
    closed_on: Mapped[date | None]

    @property
    def citizenship_codes(self):
        """ISO 3166 alpha-2 codes of the erased person's citizenships."""
        return split_codes(self.citizenship)

    @property
    def exploitation_codes(self):
        """HTCDS exploitation values of the erased case."""
        return split_codes(self.exploitation)


class StubEvent(UUIDPrimaryKey, db.Model):
    """A day on which something countable happened to an erased person: a contact, a placement."""

    __tablename__ = "statistical_stub_events"
    __table_args__ = (Index("ix_statistical_stub_events_kind_on", "kind", "occurred_on"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    subject_key: Mapped[uuid.UUID] = mapped_column(db.Uuid, index=True)
    kind: Mapped[str] = mapped_column(db.String(40))
    occurred_on: Mapped[date]


class SubjectLink(UUIDPrimaryKey, db.Model):
    """The outcome of matching, kept when a person is erased: these two subjects are one person.

    A subject is a live person's id or an erased person's stub key. Only the
    outcome is kept, never the matched values or their keys.
    """

    __tablename__ = "stats_subject_links"

    subject_a: Mapped[uuid.UUID] = mapped_column(db.Uuid, index=True)
    organisation_a: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    subject_b: Mapped[uuid.UUID] = mapped_column(db.Uuid, index=True)
    organisation_b: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    # How the two were matched (a match-key kind or a registered link such as a referral).
    kind: Mapped[str] = mapped_column(db.String(16))


class Release(UUIDPrimaryKey, db.Model):
    """One statistics release in the ledger: who, when, what, and the protected figures it published."""

    __tablename__ = "stats_releases"
    __table_args__ = (Index("ix_stats_releases_scope_created", "organisation_id", "created_at"),)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None: made on the command line.
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # None: the whole installation.
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisations.id"))
    period_from: Mapped[date]
    period_to: Mapped[date]
    min_cell: Mapped[int]
    language: Mapped[str] = mapped_column(db.String(5))
    catalogue_version: Mapped[int]
    cells_total: Mapped[int]
    cells_suppressed: Mapped[int]
    # Published cell keys and values and the suppressed cell keys (never their values), for later releases.
    pattern: Mapped[dict] = mapped_column(db.JSON)

    files: Mapped[list["ReleaseFile"]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="ReleaseFile.format")


class ReleaseFile(UUIDPrimaryKey, db.Model):
    """One file of a release, kept byte for byte so it can be downloaded again."""

    __tablename__ = "stats_release_files"

    release_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stats_releases.id", ondelete="CASCADE"), index=True)
    format: Mapped[str] = mapped_column(db.String(8))
    filename: Mapped[str] = mapped_column(db.String(80))
    sha256: Mapped[str] = mapped_column(db.String(64))
    content: Mapped[bytes] = mapped_column(db.LargeBinary)

    release: Mapped[Release] = relationship(back_populates="files")
