"""Cases: one organisation's work with one person, governed by the case state machine."""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/cases")


def init_app(app):
    """Register the cases blueprint."""
    from caseapp.cases import models, views  # noqa: F401  (models for migrations, routes attach to bp)

    app.register_blueprint(bp)
