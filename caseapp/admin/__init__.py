"""Organisation admins manage the users of their own organisation."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("admin", __name__, url_prefix="/admin")


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "user.create": _l("User created"),
    "user.deactivate": _l("User deactivated"),
    "user.reactivate": _l("User reactivated"),
    "user.password_reset": _l("Password reset"),
    "user.reset_second_factor": _l("Two-factor sign-in reset"),
    "user.unlock": _l("User unlocked"),
}
AUDIT_TARGETS = {
    "user": _l("User"),
}


def init_app(app):
    """Register the admin blueprint and its menu entry."""
    from caseapp.admin import views  # noqa: F401  (routes attach to bp)
    from caseapp.auth.models import Role
    from caseapp.core.registry import registry

    app.register_blueprint(bp)
    registry(app).add_nav_entry("admin.users", _l("Users"), (Role.ADMIN,), order=60)
    registry(app).add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
