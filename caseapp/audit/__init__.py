"""Audit trail: append-only, hash-chained entries (ids only) and the ``caseapp audit`` commands.

Entries come from the signals in ``caseapp.core.signals``; see ``receivers``
for which event becomes which entry and when it is committed, and
``services`` for the hash chain and its key.
"""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")


def init_app(app):
    """Register the audit page, the ``caseapp audit`` commands and the signal receivers."""
    from caseapp.audit import receivers, views  # noqa: F401  (routes attach to bp)
    from caseapp.audit.commands import audit_cli

    app.register_blueprint(bp)
    app.cli.add_command(audit_cli)
    receivers.connect(app)
