"""Shelters (safe houses) run by shelter operators: capacity, staff, placements of cases."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("shelters", __name__, url_prefix="/shelters")

TIMELINE_KINDS = {
    "placement_started": _l("Placed in a shelter"),
    "placement_ended": _l("Placement ended"),
}


def init_app(app):
    """Register the blueprint and menu entry, narrow what shelter staff see, add placements to the case page."""
    from caseapp.auth.models import Role
    from caseapp.auth.roles import MEMBER_ROLES
    from caseapp.cases.sections import add_case_section
    from caseapp.core.registry import registry
    from caseapp.core.scopes import add_scope
    from caseapp.shelters import models, placement_views, views  # noqa: F401  (routes attach to bp)
    from caseapp.shelters.access import shelter_staff_scope
    from caseapp.core.panels import add_home_panel
    from caseapp.shelters.presenters import PLACING_ROLES, beds_panel, case_section

    app.register_blueprint(bp)
    seams = registry(app)
    seams.add_nav_entry("shelters.index", _l("Shelters"), MEMBER_ROLES, order=80)
    for code, label in TIMELINE_KINDS.items():
        seams.add_timeline_kind(code, label, f"shelters/events/{code}.html")
    seams.add_view_action("shelter", "shelter.view", "shelter")
    add_scope(app, Role.SHELTER_STAFF, shelter_staff_scope)
    add_case_section(app, "placements", "shelters/_case_section.html", case_section, order=20)
    add_home_panel(app, PLACING_ROLES, "shelters/_beds_panel.html", beds_panel, order=20)
