"""What subject access needs of prepared returns; erasure needs nothing (the database cascades from the case)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseapp.cases.models import Case
from caseapp.core.exports import fields_json
from caseapp.extensions import db
from caseapp.returns.models import PreparedReturn

RETURN_FIELDS = ("case_id", "status", "destination_country", "region", "planned_on", "departed_on",
                 "cancel_reason", "referred_at", "consented_fields")
ITEM_FIELDS = ("kind", "status", "note")
FOLLOW_UP_FIELDS = ("number", "due_on", "done_on", "channel", "outcome", "note")


def export_returns(organisation_id, person):
    """The person's returns in the organisation, with the return organisation, plan and follow-ups."""
    query = (select(PreparedReturn).join(Case, Case.id == PreparedReturn.case_id)
             .where(Case.organisation_id == organisation_id, Case.person_id == person.id)
             .options(selectinload(PreparedReturn.items), selectinload(PreparedReturn.follow_ups))
             .order_by(PreparedReturn.referred_at))
    return [{**fields_json(p, RETURN_FIELDS), "return_organisation": p.return_organisation.name,
             "plan": [fields_json(i, ITEM_FIELDS) for i in p.items],
             "follow_ups": [fields_json(f, FOLLOW_UP_FIELDS) for f in p.follow_ups]}
            for p in db.session.scalars(query)]
