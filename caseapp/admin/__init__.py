"""Organisation admins manage the users of their own organisation."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("admin", __name__, url_prefix="/admin")


def init_app(app):
    """Register the admin blueprint and its menu entry."""
    from caseapp.admin import views  # noqa: F401  (routes attach to bp)
    from caseapp.auth.models import Role
    from caseapp.core.registry import registry

    app.register_blueprint(bp)
    registry(app).add_nav_entry("admin.users", _l("Users"), (Role.ADMIN,), order=60)
