"""What the referrals feature adds to the case page: the referrals sent from it and their status."""

from flask_babel import gettext as _
from sqlalchemy import select

from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from caseapp.referrals.services import referrals_of_case


def case_section(case):
    """The case's referrals with the receiving organisations' names (never anything of their shelters)."""
    referrals = referrals_of_case(case)
    ids = {referral.to_organisation_id for referral in referrals}
    names = dict(db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all()
                 ) if ids else {}
    summary = _("Latest: %(status)s", status=referrals[0].status_label) if referrals else _("None sent")
    return {"referrals": referrals, "names": names, "summary": summary}
