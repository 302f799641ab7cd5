"""The role home pages and the user's own account: settings, password and sessions."""

import uuid

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseapp.auth import bp, services, sessions
from caseapp.auth.forms import ChangePasswordForm, EndSessionForm, ProfileForm
from caseapp.auth.models import Role
from caseapp.core.signals import sign_in_failed
from caseapp.extensions import db

HOME_TEMPLATES = {
    Role.OUTREACH: "auth/home_outreach.html",
    Role.SHELTER_STAFF: "auth/home_shelter.html",
    Role.COORDINATOR: "auth/home_coordinator.html",
    Role.ADMIN: "auth/home_admin.html",
    Role.SYSADMIN: "auth/home_sysadmin.html",
    Role.STATISTICS: "auth/home_statistics.html",
}


@bp.before_app_request
def force_password_change():
    """Users with a temporary password must choose their own before anything else."""
    allowed = {"auth.change_password", "auth.logout", "static"}
    if current_user.is_authenticated and current_user.must_change_password:
        if request.endpoint not in allowed:
            return redirect(url_for("auth.change_password"))
    return None


@bp.get("/home")
@login_required
def home():
    """The home page that fits the user's role."""
    return render_template(HOME_TEMPLATES[current_user.role])


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's own display name and language."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, display_name=form.display_name.data, locale=form.locale.data)
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password (required after an admin reset); other sessions end.

    The current password is checked like a sign-in: a wrong one counts towards
    the lockout and is audited as a failed sign-in.
    """
    form = ChangePasswordForm()
    if form.validate_on_submit():
        changed = services.change_own_password(current_user, form.current_password.data, form.new_password.data,
                                               request.remote_addr, keep_session_id=sessions.current_session_id())
        if not changed:
            sign_in_failed.send(current_app._get_current_object(), user_id=current_user.id)
        db.session.commit()
        if changed:
            flash(_("Your password is changed. Your other sessions are ended."), "success")
            return redirect(url_for("auth.home"))
        form.current_password.errors.append(_("The current password is not correct."))
    return render_template("auth/change_password.html", form=form)


@bp.get("/account/sessions")
@login_required
def my_sessions():
    """The user's own active sessions, with a button to end each."""
    records = sessions.active_sessions(current_user.id)
    return render_template("auth/sessions.html", records=records, current_id=sessions.current_session_id(),
                           form=EndSessionForm())


@bp.post("/account/sessions/end")
@login_required
def end_session():
    """End one of the user's own sessions (another device, or this one)."""
    form = EndSessionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        record = sessions.valid_session(uuid.UUID(form.session_id.data), current_user.id)
    except ValueError:
        record = None
    if record is None:
        abort(404)
    sessions.revoke(record)
    db.session.commit()
    flash(_("The session is ended."), "success")
    return redirect(url_for("auth.my_sessions"))
