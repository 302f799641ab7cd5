"""Shelters (safe houses) run by shelter operators, with their capacity."""

from flask import Blueprint

bp = Blueprint("shelters", __name__, url_prefix="/shelters")


def init_app(app):
    """Register the shelters blueprint."""
    from caseapp.shelters import views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
