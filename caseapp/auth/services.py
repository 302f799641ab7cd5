"""Sign-in and account domain logic. Flushes, never commits."""

import secrets
import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseapp.auth.models import Role, User
from caseapp.auth.passwords import hash_password, needs_rehash, verify_password
from caseapp.extensions import db


class AccountError(ValueError):
    """A requested account change is not allowed; the message is user-facing."""


def normalise_email(email):
    """Emails are compared and stored lower-case without surrounding spaces."""
    return email.strip().lower()


def load_user(user_id):
    """Flask-Login's loader: the active user with this id, or None."""
    try:
        user = db.session.get(User, uuid.UUID(user_id))
    except ValueError:
        return None
    return user if user is not None and user.active else None


def find_user_by_email(email):
    """The user with this email (any organisation), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email, password):
    """Return the active user whose credentials match, else None.

    A missing account costs the same hash as a wrong password, so the time
    taken does not tell whether an email is registered.
    """
    user = find_user_by_email(email)
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.flush()
    return user


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


def change_password(user, new_password):
    """Set the user's own new password and clear any forced change."""
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    db.session.flush()


def update_profile(user, *, display_name, locale):
    """Change the user's display name and language."""
    user.display_name = display_name.strip()
    user.locale = locale or None
    db.session.flush()
