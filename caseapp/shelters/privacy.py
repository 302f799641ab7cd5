"""What subject access needs of placements (never a shelter's address); erasure needs nothing (the database cascades)."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseapp.cases.models import Case
from caseapp.core.exports import fields_json
from caseapp.extensions import db
from caseapp.shelters.models import Placement

PLACEMENT_FIELDS = ("case_id", "starts_on", "ends_on", "end_reason", "over_capacity_reason")


def export_placements(organisation_id, person):
    """The person's placements in the organisation's shelters, by shelter name."""
    query = (select(Placement).join(Case, Case.id == Placement.case_id)
             .where(Case.organisation_id == organisation_id, Case.person_id == person.id)
             .options(joinedload(Placement.shelter)).order_by(Placement.starts_on))
    return [{**fields_json(p, PLACEMENT_FIELDS), "shelter": p.shelter.name} for p in db.session.scalars(query)]
