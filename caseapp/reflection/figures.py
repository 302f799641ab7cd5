"""What the national indicator counts of reflection periods: periods granted and extensions, by decision day."""

from sqlalchemy import select

from caseapp.cases.models import Case
from caseapp.reflection.models import DecisionKind, ReflectionDecision, ReflectionPeriod


def _decisions(kind, organisation_ids):
    query = (select(Case.person_id, Case.organisation_id, ReflectionDecision.decided_on.label("occurred_on"))
             .join(ReflectionPeriod, ReflectionPeriod.id == ReflectionDecision.period_id)
             .join(Case, Case.id == ReflectionPeriod.case_id)
             .where(ReflectionDecision.kind == kind))
    return query if organisation_ids is None else query.where(Case.organisation_id.in_(organisation_ids))


def started_events(organisation_ids):
    """(person_id, organisation_id, occurred_on) of every period granted, on the day of the decision."""
    return _decisions(DecisionKind.INITIAL, organisation_ids)


def extended_events(organisation_ids):
    """(person_id, organisation_id, occurred_on) of every extension, on the day of its decision."""
    return _decisions(DecisionKind.EXTENSION, organisation_ids)
