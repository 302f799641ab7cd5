"""Outreach contacts, logged from a phone in under a minute."""

from flask import Blueprint

# No URL prefix: logging a contact for a person lives under /persons/<id>/.
bp = Blueprint("contacts", __name__)


def init_app(app):
    """Register the contacts blueprint."""
    from caseapp.contacts import models, views  # noqa: F401  (models for migrations, routes attach to bp)

    app.register_blueprint(bp)
