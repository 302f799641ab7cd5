"""What the national indicator counts of shelters: one event per placement, on its first day."""

from sqlalchemy import select

from caseapp.cases.models import Case
from caseapp.shelters.models import Placement


def placement_events(organisation_ids):
    """(person_id, organisation_id, occurred_on) of every placement in ``organisation_ids`` (None: all)."""
    query = (select(Case.person_id, Case.organisation_id, Placement.starts_on.label("occurred_on"))
             .join(Case, Case.id == Placement.case_id))
    return query if organisation_ids is None else query.where(Case.organisation_id.in_(organisation_ids))
