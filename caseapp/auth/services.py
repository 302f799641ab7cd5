"""Sign-in and account domain logic. Flushes, never commits."""

import secrets
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseapp.auth import sessions, twofactor
from caseapp.auth.models import Role, User
from caseapp.auth.passwords import hash_password, needs_rehash, verify_password
from caseapp.core.models import utcnow
from caseapp.extensions import db


class AccountError(ValueError):
    """A requested account change is not allowed; the message is user-facing."""


def normalise_email(email):
    """Emails are compared and stored lower-case without surrounding spaces."""
    return email.strip().lower()


def find_user_by_email(email):
    """The user with this email (any organisation), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email, password):
    """Return the active, unlocked user whose credentials match, else None.

    A missing account costs the same hash as a wrong password, so the time
    taken does not tell whether an email is registered.
    """
    user = find_user_by_email(email)
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    return user if check_password(user, password) else None


def check_password(user, password):
    """True when ``password`` is the active, unlocked user's own; a wrong one counts towards a lockout.

    Sign-in and every other check of a user's password go through here, so
    that each wrong guess counts the same; a locked account fails even with
    the right password.
    """
    correct = verify_password(user.password_hash, password)
    if is_locked(user) or not user.active:
        return False
    if not correct:
        register_failure(user)
        return False
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.flush()
    return True


def is_locked(user):
    """True while the user is locked out after repeated failures."""
    return user.locked_until is not None and user.locked_until > utcnow()


def register_failure(user):
    """Count a failed password or code; lock the account when the threshold is reached."""
    config = current_app.config
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= config["LOCKOUT_THRESHOLD"]:
        user.locked_until = utcnow() + timedelta(minutes=config["LOCKOUT_MINUTES"])
        user.failed_sign_ins = 0
    db.session.flush()


def unlock(user):
    """Lift a lockout (an admin action)."""
    user.locked_until = None
    user.failed_sign_ins = 0
    db.session.flush()


def get_user(user_id):
    """The user with this id (a UUID or its text), or None."""
    try:
        return db.session.get(User, uuid.UUID(str(user_id)))
    except ValueError:
        return None


def check_second_factor(user, code):
    """True for a fresh authenticator code or an unused recovery code; a wrong code counts as a failure."""
    if is_locked(user):
        return False
    if twofactor.verify_totp(user, code) or twofactor.use_recovery_code(user, code):
        return True
    register_failure(user)
    return False


def enrolment_secret(user):
    """The secret being enrolled, made on first use."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = twofactor.new_secret()
        db.session.flush()
    return user.totp_pending_secret


def finish_enrolment(user, code):
    """Confirm the new authenticator with a code; returns the recovery codes, or None when the code is wrong."""
    secret = user.totp_pending_secret
    if secret is None or not twofactor.verify_totp(user, code, secret=secret):
        register_failure(user)
        return None
    user.totp_secret, user.totp_pending_secret = secret, None
    return twofactor.new_recovery_codes(user)


def complete_sign_in(user):
    """The last step of a sign-in: reset failures and start a server-side session."""
    user.failed_sign_ins = 0
    return sessions.start_session(user)


_DUMMY = {}


def _dummy_hash():
    # One hash per process, made with the configured cost, for timing parity.
    if "hash" not in _DUMMY:
        _DUMMY["hash"] = hash_password(secrets.token_urlsafe(16))
    return _DUMMY["hash"]


def create_user(*, email, display_name, role, password, organisation=None, locale=None,
                must_change_password=False):
    """Create a user; the caller has validated the password policy."""
    if find_user_by_email(email) is not None:
        raise AccountError(_l("This email cannot be used. Choose another."))
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        role=Role(role),
        organisation=organisation,
        locale=locale or None,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    return user


def change_own_password(user, current_password, new_password, keep_session_id=None):
    """Set a new password when ``current_password`` passes the sign-in check; False (a failure counted) if not.

    A forced change is cleared and every other session of the user ends.
    """
    if not check_password(user, current_password):
        return False
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    sessions.revoke_all(user.id, except_id=keep_session_id)
    db.session.flush()
    return True


def update_profile(user, *, display_name, locale):
    """Change the user's display name and language."""
    user.display_name = display_name.strip()
    user.locale = locale or None
    db.session.flush()
