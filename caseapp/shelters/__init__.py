"""Shelters (safe houses) run by shelter operators: capacity, staff, placements of cases."""

from flask import Blueprint

bp = Blueprint("shelters", __name__, url_prefix="/shelters")


def init_app(app):
    """Register the blueprint, narrow what shelter staff see, and add placements to the case page."""
    from caseapp.auth.models import Role
    from caseapp.cases.sections import add_case_section
    from caseapp.core.scopes import add_scope
    from caseapp.shelters import models, placement_views, views  # noqa: F401  (routes attach to bp)
    from caseapp.shelters.access import shelter_staff_scope
    from caseapp.shelters.presenters import case_section

    app.register_blueprint(bp)
    add_scope(app, Role.SHELTER_STAFF, shelter_staff_scope)
    add_case_section(app, "placements", "shelters/_case_section.html", case_section, order=20)
