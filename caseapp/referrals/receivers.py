"""How referrals follow other features: withdrawn consent cancels, placements mark placed or ended."""

from caseapp.cases.models import ConsentPurpose
from caseapp.core.audit import record_change
from caseapp.referrals import services


def on_consent_withdrawn(_sender, *, case, actor, purpose, **_extra):
    """Withdrawing the consent to share with another organisation cancels the case's unanswered referrals."""
    if purpose != ConsentPurpose.SHARE_OTHER_ORGANISATION:
        return
    for referral in services.cancel_for_withdrawn_consent(case, actor):
        record_change("referral.cancel", "referral", referral.id, {"case_id": str(case.id)},
                      actor_id=actor.id, organisation_id=case.organisation_id)


def on_placement_changed(_sender, *, case_id, actor_id, started, **_extra):
    """A placement of a referred person's case moves the referral to placed or ended."""
    referral = services.follow_placement(case_id, actor_id, started=started)
    if referral is not None:
        record_change(f"referral.{referral.status}", "referral", referral.id, {"to_case_id": str(case_id)},
                      actor_id=actor_id, organisation_id=referral.to_organisation_id)
