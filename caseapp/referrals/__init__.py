"""Referrals of a case to another organisation's shelter service, with consent and chosen fields."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("referrals", __name__, url_prefix="/referrals")

TIMELINE_KINDS = {
    "referral_requested": _l("Referral sent"),
    "referral_accepted": _l("Referral accepted"),
    "referral_declined": _l("Referral declined"),
    "referral_placed": _l("Referred person placed"),
    "referral_ended": _l("Referred person's stay ended"),
    "referral_cancelled": _l("Referral cancelled"),
    "referral_received": _l("Referral received"),
}


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "referral.request": _l("Referral sent"),
    "referral.view": _l("Referral viewed"),
    "referral.accepted": _l("Referral accepted"),
    "referral.declined": _l("Referral declined"),
    "referral.placed": _l("Referred person placed"),
    "referral.ended": _l("Referred person's stay ended"),
    "referral.cancelled": _l("Referral cancelled"),
    "referral.cancel": _l("Referral cancelled"),
}
AUDIT_TARGETS = {
    "referral": _l("Referral"),
}


def init_app(app):
    """Register the blueprint, timeline kinds, menu entry and case section; follow consents and placements; link the two records for statistics; add bulk demo rows."""
    from caseapp.cases.signals import consent_withdrawn
    from caseapp.core.registry import registry
    from caseapp.referrals import models, receivers, views  # noqa: F401  (routes attach to bp)
    from caseapp.referrals.bulk import add_bulk_referral
    from caseapp.referrals.figures import referral_links
    from caseapp.referrals.presenters import case_section
    from caseapp.referrals.privacy import export_referrals
    from caseapp.shelters.signals import placement_changed
    from caseapp.stats.sources import register_link_source

    app.register_blueprint(bp)
    seams = registry(app)
    for code, label in TIMELINE_KINDS.items():
        seams.add_timeline_kind(code, label, f"referrals/events/{code}.html")
    seams.add_nav_entry("referrals.index", _l("Referrals"), views.RECEIVING_ROLES, order=30)
    seams.add_case_section("referrals/_case_section.html", case_section, _l("Referrals to shelter operators"), order=40)
    seams.add_export_section("referrals", export_referrals)
    seams.add_view_action("referral", "referral.view", "referral")
    consent_withdrawn.connect(receivers.on_consent_withdrawn)
    placement_changed.connect(receivers.on_placement_changed)
    register_link_source(app, referral_links)
    seams.add_bulk_demo_step(add_bulk_referral)
    seams.add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
