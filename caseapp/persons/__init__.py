"""Persons: the people an organisation helps, with encrypted identities."""

from flask import Blueprint

bp = Blueprint("persons", __name__, url_prefix="/persons")


def init_app(app):
    """Register the persons blueprint."""
    from caseapp.persons import views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
