"""Sign-in, sign-out, the role home pages and the user's own account."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from caseapp.auth import bp
from caseapp.auth.forms import ChangePasswordForm, LoginForm, ProfileForm
from caseapp.auth.models import Role
from caseapp.auth.passwords import verify_password
from caseapp.auth import services
from caseapp.extensions import db

HOME_TEMPLATES = {
    Role.OUTREACH: "auth/home_outreach.html",
    Role.SHELTER_STAFF: "auth/home_shelter.html",
    Role.COORDINATOR: "auth/home_coordinator.html",
    Role.ADMIN: "auth/home_admin.html",
    Role.SYSADMIN: "auth/home_sysadmin.html",
}


@bp.before_app_request
def force_password_change():
    """Users with a temporary password must choose their own before anything else."""
    allowed = {"auth.change_password", "auth.logout", "static"}
    if current_user.is_authenticated and current_user.must_change_password:
        if request.endpoint not in allowed:
            return redirect(url_for("auth.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show and handle the sign-in form."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            # One message for every failure: it must not tell whether the email exists.
            flash(_("The email or password is not correct."), "error")
        else:
            db.session.commit()
            login_user(user)
            current_app.logger.info("sign-in user=%s", user.id)
            return redirect(url_for("auth.home"))
    return render_template("auth/login.html", form=form), 200


@bp.post("/logout")
@login_required
def logout():
    """End the session."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


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
    """Change one's own password (required after an admin reset)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is not correct."))
        else:
            services.change_password(current_user, form.new_password.data)
            db.session.commit()
            flash(_("Your password is changed."), "success")
            return redirect(url_for("auth.home"))
    return render_template("auth/change_password.html", form=form)

