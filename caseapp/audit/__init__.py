"""Audit trail: append-only, hash-chained entries (ids only) and the ``caseapp audit`` commands.

Entries come from the signals in ``caseapp.core.signals``; see ``receivers``
for which event becomes which entry and when it is committed, and
``services`` for the hash chain and its key.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("audit", __name__, url_prefix="/audit")


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "sign_in.success": _l("Signed in"),
    "sign_in.failure": _l("Sign-in failed"),
    "sign_out": _l("Signed out"),
    "access.refused": _l("Access refused"),
}


def init_app(app):
    """Register the audit page, the ``caseapp audit`` commands and the signal receivers."""
    from caseapp.audit import receivers, views  # noqa: F401  (routes attach to bp)
    from caseapp.audit.commands import audit_cli

    from caseapp.auth.roles import OVERSIGHT_ROLES
    from caseapp.core.registry import registry

    app.register_blueprint(bp)
    app.cli.add_command(audit_cli)
    receivers.connect(app)
    registry(app).add_nav_entry("audit.index", _l("Audit trail"), OVERSIGHT_ROLES, order=70)
    registry(app).add_audit_labels(AUDIT_ACTIONS)
