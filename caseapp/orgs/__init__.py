"""Organisations sharing one installation: NGOs, shelter operators, authorities."""

from flask import Blueprint

bp = Blueprint("orgs", __name__, url_prefix="/organisations")


def init_app(app):
    """Register the organisations blueprint."""
    from caseapp.orgs import views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
