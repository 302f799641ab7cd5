"""Organisations sharing one installation: NGOs, shelter operators, authorities."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("orgs", __name__, url_prefix="/organisations")


def init_app(app):
    """Register the organisations blueprint and its menu entry."""
    from caseapp.auth.models import Role
    from caseapp.core.registry import registry
    from caseapp.orgs import views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
    registry(app).add_nav_entry("orgs.index", _l("Organisations"), (Role.SYSADMIN,), order=80)
