"""Shelters (safe houses) run by shelter operators: capacity, staff, placements of cases."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("shelters", __name__, url_prefix="/shelters")

TIMELINE_KINDS = {
    "placement_started": _l("Placed in a shelter"),
    "placement_ended": _l("Placement ended"),
}


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "shelter.create": _l("Shelter created"),
    "shelter.update": _l("Shelter changed"),
    "shelter.staff": _l("Shelter staff changed"),
    "shelter.view": _l("Shelter viewed"),
    "placement.create": _l("Person placed in a shelter"),
    "placement.end": _l("Placement ended"),
}
AUDIT_TARGETS = {
    "shelter": _l("Shelter"),
    "placement": _l("Placement"),
}


def init_app(app):
    """Register the blueprint, menu entry, timeline kinds, case and home sections, statistics, bulk demo rows; narrow what shelter staff see."""
    from caseapp.auth.models import Role
    from caseapp.auth.roles import MEMBER_ROLES
    from caseapp.core.registry import registry
    from caseapp.core.scopes import add_scope
    from caseapp.shelters import models, placement_views, views  # noqa: F401  (routes attach to bp)
    from caseapp.shelters.access import shelter_staff_scope
    from caseapp.shelters.bulk import add_bulk_placement
    from caseapp.shelters.figures import placement_events
    from caseapp.shelters.presenters import PLACING_ROLES, beds_panel, case_section
    from caseapp.shelters.privacy import export_placements
    from caseapp.stats.sources import register_figure

    app.register_blueprint(bp)
    seams = registry(app)
    seams.add_nav_entry("shelters.index", _l("Shelters"), MEMBER_ROLES, order=80)
    for code, label in TIMELINE_KINDS.items():
        seams.add_timeline_kind(code, label, f"shelters/events/{code}.html")
    seams.add_view_action("shelter", "shelter.view", "shelter")
    seams.add_case_section("shelters/_case_section.html", case_section, _l("Shelter placements"), order=20)
    seams.add_export_section("placements", export_placements)
    seams.add_home_section("shelters/_beds_panel.html", PLACING_ROLES, order=30)
    app.context_processor(lambda: {"shelter_beds_panel": beds_panel})
    add_scope(app, Role.SHELTER_STAFF, shelter_staff_scope)
    register_figure(app, "shelter_placements", placement_events)
    seams.add_bulk_demo_step(add_bulk_placement)
    seams.add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
