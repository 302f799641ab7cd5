"""Retention and erasure (GDPR): erasing persons and subject-access exports."""

from flask import Blueprint

# Its pages hang off the person page, so they share the persons' URLs.
bp = Blueprint("retention", __name__, url_prefix="/persons")


def init_app(app):
    """Register the retention blueprint and the ``caseapp retention`` commands."""
    from caseapp.retention import views  # noqa: F401  (routes attach to bp)
    from caseapp.retention.commands import retention_cli

    app.register_blueprint(bp)
    app.cli.add_command(retention_cli)
