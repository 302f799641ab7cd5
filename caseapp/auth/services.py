"""Sign-in and account domain logic. Flushes, never commits."""

import secrets
import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseapp.auth import lockout, sessions, twofactor
from caseapp.auth.models import Role, User
from caseapp.auth.passwords import hash_password, needs_rehash, verify_password
from caseapp.extensions import db


class AccountError(ValueError):
    """A requested account change is not allowed; the message is user-facing."""


def normalise_email(email):
    """Emails are compared and stored lower-case without surrounding spaces."""
    return email.strip().lower()


def find_user_by_email(email):
    """The user with this email (any organisation), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email, password, address):
    """Return the active user whose credentials match, else None; SignInDelayed while this pair must wait.

    A missing account costs the same hash and counts the same failure as a
    wrong password, so neither the time taken nor a delay tells whether an
    email is registered. While ``address`` must wait before trying this
    account (``lockout``), not even the right password is checked.
    """
    lockout.check(email, address)
    user = find_user_by_email(email)
    if user is None:
        verify_password(_dummy_hash(), password)
        lockout.record_failure(email, address)
        return None
    return user if check_password(user, password, address) else None


def check_password(user, password, address):
    """True when ``password`` is the active user's own; a wrong one counts as a failed sign-in from ``address``.

    Sign-in and every other check of a user's password (the account page's
    current password) go through here, so that each wrong guess counts the same.
    """
    if not (verify_password(user.password_hash, password) and user.active):
        lockout.record_failure(user.email, address, user)
        return False
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.flush()
    return True


def unlock(user):
    """Lift every sign-in delay on the account (an admin action)."""
    lockout.clear_account(user)


def get_user(user_id):
    """The user with this id (a UUID or its text), or None."""
    try:
        return db.session.get(User, uuid.UUID(str(user_id)))
    except ValueError:
        return None


def check_second_factor(user, code, address):
    """True for a fresh authenticator code or an unused recovery code; a wrong code counts as a failure."""
    lockout.check(user.email, address)
    if twofactor.verify_totp(user, code) or twofactor.use_recovery_code(user, code):
        return True
    lockout.record_failure(user.email, address, user)
    return False


def enrolment_secret(user):
    """The secret being enrolled, made on first use."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = twofactor.new_secret()
        db.session.flush()
    return user.totp_pending_secret


def finish_enrolment(user, code, address):
    """Confirm the new authenticator with a code; returns the recovery codes, or None when the code is wrong."""
    lockout.check(user.email, address)
    secret = user.totp_pending_secret
    if secret is None or not twofactor.verify_totp(user, code, secret=secret):
        lockout.record_failure(user.email, address, user)
        return None
    user.totp_secret, user.totp_pending_secret = secret, None
    return twofactor.new_recovery_codes(user)


def complete_sign_in(user, address):
    """The last step of a sign-in: forget this address's failures and start a server-side session."""
    lockout.clear(user.email, address)
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


def change_own_password(user, current_password, new_password, address, keep_session_id=None):
    """Set a new password when ``current_password`` passes the sign-in check; False (a failure counted) if not.

    While the account must wait before another sign-in from ``address``, even
    the right password is refused. A forced change is cleared and every other
    session of the user ends.
    """
    if lockout.is_delayed(user.email, address) or not check_password(user, current_password, address):
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
