"""Outreach contacts, logged from a phone in under a minute."""

from flask import Blueprint

bp = Blueprint("contacts", __name__, url_prefix="/contacts")


def init_app(app):
    """Register the contacts blueprint."""
    from caseapp.contacts import models, views  # noqa: F401  (models for migrations, routes attach to bp)

    app.register_blueprint(bp)
