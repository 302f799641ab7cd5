"""Organisations sharing one installation: NGOs, shelter operators, authorities."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("orgs", __name__, url_prefix="/organisations")


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "organisation.create": _l("Organisation created"),
    "organisation.admin_create": _l("Organisation admin created"),
}
AUDIT_TARGETS = {
    "organisation": _l("Organisation"),
}


def init_app(app):
    """Register the organisations blueprint and its menu entry."""
    from caseapp.auth.models import Role
    from caseapp.core.registry import registry
    from caseapp.orgs import views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
    registry(app).add_nav_entry("orgs.index", _l("Organisations"), (Role.SYSADMIN,), order=80)
    registry(app).add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
