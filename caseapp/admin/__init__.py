"""Organisation admins manage the users of their own organisation."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


def init_app(app):
    """Register the admin blueprint."""
    from caseapp.admin import views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
