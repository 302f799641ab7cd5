"""Operations: health and readiness probes, the deploy check, backup and restore."""

from flask import Blueprint

bp = Blueprint("ops", __name__)


def init_app(app):
    """Register the probes and the ``caseapp backup``, ``restore`` and ``analyze`` commands."""
    from caseapp.ops import views  # noqa: F401  (routes attach to bp)
    from caseapp.ops.commands import analyze_command, backup_command, restore_command

    app.register_blueprint(bp)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(analyze_command)
