"""What subject access needs of referrals sent for a person; erasure needs nothing (the database cascades)."""

from sqlalchemy import select

from caseapp.cases.models import Case
from caseapp.core.exports import fields_json
from caseapp.extensions import db
from caseapp.referrals.models import Referral

REFERRAL_FIELDS = ("from_case_id", "to_organisation_id", "status", "requested_at", "decided_at", "decline_reason")


def export_referrals(organisation_id, person):
    """The referrals the organisation sent for the person, with the fields each shared."""
    query = (select(Referral).join(Case, Case.id == Referral.from_case_id)
             .where(Case.organisation_id == organisation_id, Case.person_id == person.id)
             .order_by(Referral.requested_at))
    return [{**fields_json(r, REFERRAL_FIELDS), "fields": r.field_codes} for r in db.session.scalars(query)]
