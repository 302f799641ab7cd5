"""Shared plumbing: database helpers, i18n, security headers, errors, layout. Imports no feature."""

from flask import Blueprint

bp = Blueprint("core", __name__)


def init_app(app):
    """Register the core blueprint."""
    from caseapp.core import submissions, views  # noqa: F401  (routes attach to bp; the token table)

    app.register_blueprint(bp)
