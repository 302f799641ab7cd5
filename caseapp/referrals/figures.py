"""What the national indicator learns from referrals: the sender's and the receiver's records are one person."""

from sqlalchemy import literal, select
from sqlalchemy.orm import aliased

from caseapp.cases.models import Case
from caseapp.referrals.models import Referral

LINK_KIND = "referral"


def referral_links(organisation_ids):
    """(a, organisation_a, b, organisation_b, kind) of every accepted referral within ``organisation_ids``."""
    sender, receiver = aliased(Case), aliased(Case)
    query = (select(sender.person_id.label("a"), sender.organisation_id.label("organisation_a"),
                    receiver.person_id.label("b"), receiver.organisation_id.label("organisation_b"),
                    literal(LINK_KIND).label("kind"))
             .select_from(Referral)
             .join(sender, sender.id == Referral.from_case_id)
             .join(receiver, receiver.id == Referral.to_case_id))
    if organisation_ids is None:
        return query
    return query.where(sender.organisation_id.in_(organisation_ids), receiver.organisation_id.in_(organisation_ids))
