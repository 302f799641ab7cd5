"""The landing route and the header's language switch."""

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from caseapp.core import bp
from caseapp.core.i18n import local_path, remember_locale
from caseapp.extensions import db


@bp.get("/")
def index():
    """Send visitors to their home page or to sign-in."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    return redirect(url_for("auth.login"))


@bp.post("/language")
def set_language():
    """Switch the language and remember it (CSRF is checked for every POST), then show the same page again."""
    code = request.form.get("locale")
    if code not in current_app.config["LANGUAGES"]:
        abort(400)
    user = current_user if current_user.is_authenticated else None
    response = remember_locale(redirect(local_path(request.form.get("next"))), code, user)
    db.session.commit()
    return response
