"""Accounts, roles, passwords and sign-in."""

from flask import Blueprint

bp = Blueprint("auth", __name__)


def init_app(app):
    """Register the auth blueprint, the user loader and the user commands."""
    from caseapp.auth import commands, loader, signin, views  # noqa: F401  (routes attach to bp)
    from caseapp.extensions import login_manager

    loader.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)
    app.cli.add_command(commands.users_cli)
