"""The landing route."""

from flask import redirect, url_for
from flask_login import current_user

from caseapp.core import bp


@bp.get("/")
def index():
    """Send visitors to their home page or to sign-in."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    return redirect(url_for("auth.login"))
