"""Retention and erasure (GDPR): erasing persons and subject-access exports."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

# Its pages hang off the person page, so they share the persons' URLs.
bp = Blueprint("retention", __name__, url_prefix="/persons")


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "person.erase": _l("Personal data erased"),
    "person.export": _l("Personal data exported"),
}


def init_app(app):
    """Register the retention blueprint and the ``caseapp retention`` commands."""
    from caseapp.core.registry import registry
    from caseapp.retention import views  # noqa: F401  (routes attach to bp)
    from caseapp.retention.commands import retention_cli

    app.register_blueprint(bp)
    app.cli.add_command(retention_cli)
    registry(app).add_audit_labels(AUDIT_ACTIONS)
