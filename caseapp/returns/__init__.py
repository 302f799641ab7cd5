"""Prepared returns: return organisations, the referral and its pack, the return, reintegration and follow-ups."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("returns", __name__, url_prefix="/returns")

TIMELINE_KINDS = {
    "return_referred": _l("Referred to a return organisation"),
    "return_accepted": _l("Return accepted by the return organisation"),
    "return_travel_planned": _l("Travel home planned"),
    "return_departed": _l("Departed"),
    "return_cancelled": _l("Return cancelled"),
    "return_plan_item": _l("Reintegration plan changed"),
    "return_follow_up": _l("Follow-up after return recorded"),
}

# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "return.refer": _l("Referred to a return organisation"),
    "return.view": _l("Return viewed"),
    "return.accepted": _l("Return accepted"),
    "return.travel_planned": _l("Travel home planned"),
    "return.departed": _l("Departure recorded"),
    "return.cancelled": _l("Return cancelled"),
    "return.closed": _l("Case closed as returned home"),
    "return.pack": _l("Referral pack made"),
    "return.plan_item": _l("Reintegration plan changed"),
    "return.follow_up": _l("Follow-up after return recorded"),
    "return_organisation.add": _l("Return organisation added"),
    "return_organisation.rename": _l("Return organisation renamed"),
    "return_organisation.deactivate": _l("Return organisation deactivated"),
    "return_organisation.activate": _l("Return organisation reactivated"),
}
AUDIT_TARGETS = {
    "return": _l("Prepared return"),
    "return_organisation": _l("Return organisation"),
}


def init_app(app):
    """Register the blueprint, timeline kinds, menu entry, case section, export, task sources, figures, demo (small and bulk) and reminders."""
    from caseapp.auth.models import Role
    from caseapp.core.registry import registry
    from caseapp.returns import demo, models, org_views, plan_views, reminders, views  # noqa: F401
    from caseapp.returns.bulk import add_bulk_return
    from caseapp.returns.figures import completed_events, departed_events
    from caseapp.returns.presenters import case_section
    from caseapp.returns.privacy import export_returns
    from caseapp.returns.tasks import follow_up_items, step_items
    from caseapp.stats.sources import register_figure

    app.register_blueprint(bp)
    seams = registry(app)
    for code, label in TIMELINE_KINDS.items():
        seams.add_timeline_kind(code, label, f"returns/events/{code}.html")
    seams.add_nav_entry("returns.organisations", _l("Return organisations"), (Role.SYSADMIN,), order=85)
    seams.add_case_section("returns/_case_section.html", case_section, _l("Prepared return"), order=50)
    seams.add_export_section("returns", export_returns)
    seams.add_view_action("return", "return.view", "return")
    seams.add_task_source(step_items)
    seams.add_task_source(follow_up_items)
    seams.add_demo_step(demo.add_demo_returns)
    seams.add_bulk_demo_step(add_bulk_return)
    seams.add_reminder_source("follow-ups", reminders.send_follow_up_reminders)
    register_figure(app, "prepared_returns", departed_events)
    register_figure(app, "follow_ups_completed", completed_events)
    seams.add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
