"""User management pages for organisation admins (their own organisation only)."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseapp.admin import bp, services
from caseapp.admin.forms import ConfirmedActionForm, NewUserForm, VersionedActionForm
from caseapp.auth.models import Role
from caseapp.auth.services import AccountError
from caseapp.core import submissions
from caseapp.core.concurrency import StaleEditError
from caseapp.core.permissions import roles_required
from caseapp.core.audit import record_change
from caseapp.extensions import db


def _load_user(user_id):
    """The user if it is in the admin's organisation; 404 otherwise."""
    user = services.get_user(current_user.organisation_id, user_id)
    if user is None:
        abort(404)
    return user


def changed(action, user, **detail):
    """Tell the audit trail about a change to ``user``, before the view's commit (codes and ids only)."""
    record_change(action, "user", user.id, detail, organisation_id=user.organisation_id)


@bp.get("/users")
@roles_required(Role.ADMIN)
def users():
    """List the organisation's users."""
    return render_template("admin/users.html", users=services.list_users(current_user.organisation_id))


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user():
    """Create a user; the temporary password is shown once, in this response only."""
    form = NewUserForm()
    if form.validate_on_submit():
        submissions.claim(form.submission.data)
        try:
            user, password = services.add_user(
                current_user.organisation, email=form.email.data, display_name=form.display_name.data,
                role=form.role.data, locale=form.locale.data,
            )
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            changed("user.create", user, role=str(user.role))
            # The temporary password is shown once: a repeat is sent to the list instead.
            submissions.resolve(form.submission.data, url_for("admin.users"))
            db.session.commit()
            return render_template("admin/password_issued.html", user=user, password=password)
    return render_template("admin/new_user.html", form=form)


# What the confirmation page of each irreversible action says: its title, its consequences and its button.
DEACTIVATE = (_l("Deactivate a user"), _l("They are signed out at once and can no longer sign in. Their cases stay "
                                          "assigned to them until you reassign them. You can reactivate the "
                                          "account later."), _l("Deactivate"))
RESET_SECOND_FACTOR = (_l("Reset two-factor sign-in"), _l(
    "Their authenticator app and recovery codes stop working at once. At their next sign-in they must set up a "
    "new authenticator. Make sure it really is them who asked, for example by calling them back."),
    _l("Reset two-factor sign-in"))


@bp.route("/users/<uuid:user_id>/deactivate", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: uuid.UUID):
    """Stop a user from signing in, once the admin has confirmed it."""
    return _confirmed_action(user_id, DEACTIVATE, lambda user, version: services.set_active(
        current_user, user, False, version), "user.deactivate", _("The user is deactivated."))


@bp.post("/users/<uuid:user_id>/reactivate")
@roles_required(Role.ADMIN)
def reactivate(user_id: uuid.UUID):
    """Let a deactivated user sign in again."""
    return _versioned_action(user_id, lambda user, version: services.set_active(current_user, user, True, version),
                             "user.reactivate", _("The user is active again."))


@bp.post("/users/<uuid:user_id>/reset-password")
@roles_required(Role.ADMIN)
def reset_password(user_id: uuid.UUID):
    """Issue a temporary password that the user must replace at next sign-in."""
    user = _load_user(user_id)
    form = VersionedActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        password = services.reset_password(user, form.version.data)
    except StaleEditError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("admin.users"))
    changed("user.password_reset", user)
    db.session.commit()
    return render_template("admin/password_issued.html", user=user, password=password)


@bp.route("/users/<uuid:user_id>/reset-second-factor", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reset_second_factor(user_id: uuid.UUID):
    """Remove a user's authenticator (lost phone), once confirmed; they set up a new one at next sign-in."""
    return _confirmed_action(user_id, RESET_SECOND_FACTOR, services.reset_second_factor,
                             "user.reset_second_factor", _("Two-factor sign-in is reset."))


@bp.post("/users/<uuid:user_id>/unlock")
@roles_required(Role.ADMIN)
def unlock(user_id: uuid.UUID):
    """Lift a lockout."""
    return _versioned_action(user_id, services.unlock_user, "user.unlock", _("The user is unlocked."))


def _confirmed_action(user_id, page, action, audit_action, success_message):
    """Show the action's confirmation page; run it once "I understand" is ticked, else show the page again."""
    user = _load_user(user_id)
    form = ConfirmedActionForm(version=user.version)
    if request.method == "GET" or not form.validate():
        title, explanation, button = page
        return render_template("admin/confirm.html", form=form, user=user, title=title,
                               explanation=explanation, button=button)
    return _run(user, form, action, audit_action, success_message)


def _versioned_action(user_id, action, audit_action, success_message):
    """Run ``action(user, version)`` from a one-button form, refusing stale or disallowed changes."""
    user = _load_user(user_id)
    form = VersionedActionForm()
    if not form.validate_on_submit():
        abort(400)
    return _run(user, form, action, audit_action, success_message)


def _run(user, form, action, audit_action, success_message):
    """Run ``action(user, version)`` and commit once; refusals are flashed. Back to the user list."""
    try:
        action(user, form.version.data)
    except (AccountError, StaleEditError) as error:
        db.session.rollback()
        flash(str(getattr(error, "message", error)), "error")
    else:
        changed(audit_action, user)
        db.session.commit()
        flash(success_message, "success")
    return redirect(url_for("admin.users"))
