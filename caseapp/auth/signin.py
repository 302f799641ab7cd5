"""Sign-in in steps: password, then the authenticator code (or enrolment on first sign-in), then a session."""

import hashlib
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from caseapp.auth import bp, services, sessions, twofactor
from caseapp.auth.forms import CodeForm, LoginForm
from caseapp.auth.lockout import SignInDelayed
from caseapp.auth.services import normalise_email
from caseapp.core.models import utcnow
from caseapp.core.signals import sign_in_failed, sign_in_succeeded, signed_out
from caseapp.extensions import db, limiter

PENDING_KEY = "pending_sign_in"
PENDING_LIFETIME = timedelta(minutes=5)


def _account_key():
    """Rate-limit key per account: the typed email or the half-signed-in user, hashed."""
    pending = session.get(PENDING_KEY, {}).get("user_id")
    basis = pending or normalise_email(request.form.get("email", ""))
    return "account:" + hashlib.sha256(basis.encode()).hexdigest()


def _per_address():
    return current_app.config["RATELIMIT_SIGN_IN"]


def _per_account():
    return current_app.config["RATELIMIT_SIGN_IN_ACCOUNT"]


def throttled(view):
    """Limit POSTs per client address and per account (answered with 429 and Retry-After)."""
    view = limiter.limit(_per_account, key_func=_account_key, methods=["POST"])(view)
    return limiter.limit(_per_address, methods=["POST"])(view)


@bp.route("/login", methods=["GET", "POST"])
@throttled
def login():
    """First step: email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        except SignInDelayed as delayed:
            return _delayed(delayed, "auth/login.html", form)
        if user is not None:
            return _next_step(user)
        sign_in_failed.send(current_app._get_current_object(), user_id=None)
        db.session.commit()
        # One message for every failure: it must not tell whether the email exists.
        flash(_("The email or password is not correct."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/login/verify", methods=["GET", "POST"])
@throttled
def verify():
    """Second step: the authenticator code or a recovery code."""
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    if not user.has_second_factor:
        return redirect(url_for("auth.enrol"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            correct = services.check_second_factor(user, form.code.data, request.remote_addr)
        except SignInDelayed as delayed:
            return _delayed(delayed, "auth/verify.html", form)
        if correct:
            return _finish(user)
        sign_in_failed.send(current_app._get_current_object(), user_id=user.id)
        db.session.commit()
        flash(_("The code is not correct, or it was used already."), "error")
    return render_template("auth/verify.html", form=form)


@bp.route("/login/enrol", methods=["GET", "POST"])
@throttled
def enrol():
    """First sign-in: connect an authenticator app, then show the recovery codes once."""
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    if user.has_second_factor:
        return redirect(url_for("auth.verify"))
    # Made by the password step, so that showing this page writes nothing.
    secret = user.totp_pending_secret
    if secret is None:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = services.finish_enrolment(user, form.code.data, request.remote_addr)
        except SignInDelayed as delayed:
            return _delayed(delayed, "auth/enrol.html", form, **_enrolment(user, secret))
        if codes:
            _finish(user)
            return render_template("auth/recovery_codes.html", codes=codes)
        db.session.commit()
        flash(_("The code is not correct, or it was used already."), "error")
    return render_template("auth/enrol.html", form=form, **_enrolment(user, secret))


def _enrolment(user, secret):
    """What the enrolment page shows: the QR code, and the secret in groups of four for typing."""
    uri = twofactor.provisioning_uri(user, secret)
    return {"qr": twofactor.qr_data_uri(uri), "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))}


def _delayed(delayed, template, form, **context):
    """The form again, saying how long this account must wait before another try from here (429)."""
    sign_in_failed.send(current_app._get_current_object(), user_id=None)
    flash(_("Too many failed sign-ins from here. Try again in %(wait)s.",
            wait=format_timedelta(timedelta(seconds=delayed.seconds), threshold=1.5)), "error")
    return render_template(template, form=form, **context), 429, {"Retry-After": str(delayed.seconds)}


@bp.post("/logout")
@login_required
def logout():
    """End the session here and on the server."""
    user_id = current_user.id
    record = sessions.valid_session(sessions.current_session_id(), user_id)
    if record is not None:
        sessions.revoke(record)
    signed_out.send(current_app._get_current_object(), user_id=user_id)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


def _next_step(user):
    """After the right password: the code, enrolment (its secret made now) or, without two factors, in."""
    if not user.has_second_factor and not current_app.config["TOTP_REQUIRED"]:
        return _finish(user)
    if not user.has_second_factor:
        services.enrolment_secret(user)
    db.session.commit()
    session[PENDING_KEY] = {"user_id": str(user.id), "at": utcnow().timestamp()}
    return redirect(url_for("auth.verify" if user.has_second_factor else "auth.enrol"))


def _pending_user():
    """The user who gave the right password in the last few minutes, if still allowed in."""
    pending = session.get(PENDING_KEY)
    if not pending or utcnow().timestamp() - pending["at"] > PENDING_LIFETIME.total_seconds():
        session.pop(PENDING_KEY, None)
        return None
    user = services.get_user(pending["user_id"])
    if user is None or not user.active:
        return None
    return user


def _finish(user):
    """Sign the user in with a new server-side session."""
    record = services.complete_sign_in(user, request.remote_addr)
    sign_in_succeeded.send(current_app._get_current_object(), user_id=user.id)
    db.session.commit()
    session.clear()
    login_user(user)
    session["sid"] = str(record.id)
    current_app.logger.info("sign-in user=%s session=%s", user.id, record.id)
    return redirect(url_for("auth.home"))
