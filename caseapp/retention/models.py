"""The anonymous statistical stub that outlives an erased case."""

import uuid

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.cases.models import DecisionBody, TraffickingStatus
from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.models import split_codes, string_enum
from caseapp.extensions import db
from caseapp.persons.models import Gender
from caseapp.stats.categories import AgeBand, CitizenshipGroup


class StatisticalStub(UUIDPrimaryKey, db.Model):
    """What published statistics need of one erased case: codes and years, nobody identifiable.

    No person id, no case id, no name, no date finer than a year and no
    timestamp of its own: a creation time would tie the stub to the audit
    entry of the erasure and so to the erased person's id.
    """

    __tablename__ = "statistical_stubs"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    # Drawn at random for each erasure and shared by the stubs of that one
    # person, so distinct persons can still be counted; it matches nothing else.
    subject_key: Mapped[uuid.UUID] = mapped_column(db.Uuid, index=True)
    opened_year: Mapped[int]
    identified_year: Mapped[int | None]
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
    closed_year: Mapped[int | None]

    @property
    def citizenship_codes(self):
        """ISO 3166 alpha-2 codes of the erased person's citizenships."""
        return split_codes(self.citizenship)

    @property
    def exploitation_codes(self):
        """HTCDS exploitation values of the erased case."""
        return split_codes(self.exploitation)
