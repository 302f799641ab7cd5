"""Accounts, roles, passwords and sign-in."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("auth", __name__)


def init_app(app):
    """Register the auth blueprint, the user loader and the user commands."""
    from caseapp.auth import commands, signin, views  # noqa: F401  (routes attach to bp)
    from caseapp.auth.services import load_user
    from caseapp.extensions import login_manager

    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)
    app.cli.add_command(commands.users_cli)
    _register_navigation(app)


def _register_navigation(app):
    from caseapp.auth import roles
    from caseapp.auth.roles import EVERY_ROLE
    from caseapp.core.registry import registry

    # Templates test role groups by name (``current_user.role in roles.CASE_WORKER_ROLES``).
    app.context_processor(lambda: {"roles": roles})
    registry(app).add_nav_entry("auth.home", _l("Home"), EVERY_ROLE, order=10)
    registry(app).add_nav_entry("auth.account", _l("My account"), EVERY_ROLE, order=90)
