"""Shelters (safe houses) run by shelter operators, with their capacity."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("shelters", __name__, url_prefix="/shelters")


def init_app(app):
    """Register the shelters blueprint and its menu entry."""
    from caseapp.auth.roles import MEMBER_ROLES
    from caseapp.core.registry import registry
    from caseapp.shelters import views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
    registry(app).add_nav_entry("shelters.index", _l("Shelters"), MEMBER_ROLES, order=80)
