"""What subject access needs of reflection periods; erasure needs nothing (the database cascades)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseapp.cases.models import Case
from caseapp.core.exports import fields_json
from caseapp.extensions import db
from caseapp.reflection.models import ReflectionPeriod

DECISION_FIELDS = ("kind", "decided_on", "decided_by", "deadline", "reason", "override_reason")


def export_periods(organisation_id, person):
    """The person's reflection periods in the organisation with every decision."""
    query = (select(ReflectionPeriod).join(Case, Case.id == ReflectionPeriod.case_id)
             .where(Case.organisation_id == organisation_id, Case.person_id == person.id)
             .options(selectinload(ReflectionPeriod.decisions)))
    return [{**fields_json(p, ("case_id", "starts_on", "deadline")),
             "decisions": [fields_json(d, DECISION_FIELDS) for d in p.decisions]} for p in db.session.scalars(query)]
