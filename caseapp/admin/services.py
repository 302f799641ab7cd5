"""User management within one organisation. Every lookup is scoped to it."""

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseapp.auth.passwords import hash_password
from caseapp.auth.models import ORGANISATION_ROLES, Role, User
from caseapp.auth import sessions, twofactor
from caseapp.auth.services import AccountError, create_user, unlock
from caseapp.core.concurrency import check_version
from caseapp.extensions import db

TEMPORARY_PASSWORD_BYTES = 12


def list_users(organisation_id):
    """The organisation's users, by name."""
    query = select(User).where(User.organisation_id == organisation_id).order_by(User.display_name)
    return db.session.scalars(query).all()


def get_user(organisation_id, user_id):
    """The user with ``user_id`` if it belongs to the organisation, else None."""
    query = select(User).where(User.id == user_id, User.organisation_id == organisation_id)
    return db.session.scalar(query)


def temporary_password():
    """A random password to hand over once; the user must replace it."""
    return secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)


def add_user(organisation, *, email, display_name, role, locale):
    """Create a user in ``organisation`` with a temporary password; return both."""
    if Role(role) not in ORGANISATION_ROLES:
        raise AccountError(_l("This role cannot be given here."))
    password = temporary_password()
    user = create_user(
        email=email, display_name=display_name, role=role, password=password,
        organisation=organisation, locale=locale, must_change_password=True,
    )
    return user, password


def set_active(actor, user, active, version):
    """Deactivate or reactivate ``user``; nobody deactivates themselves."""
    check_version(user, version)
    if user.id == actor.id and not active:
        raise AccountError(_l("You cannot deactivate your own account."))
    user.active = active
    if not active:
        sessions.revoke_all(user.id)
    db.session.flush()


def reset_password(user, version):
    """Give ``user`` a new temporary password and return it."""
    check_version(user, version)
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    db.session.flush()
    return password


def reset_second_factor(user, version):
    """Remove the user's authenticator: they enrol a new one at next sign-in; their sessions end."""
    check_version(user, version)
    twofactor.remove_second_factor(user)
    sessions.revoke_all(user.id)
    db.session.flush()


def unlock_user(user, version):
    """Lift a lockout after repeated failed sign-ins."""
    check_version(user, version)
    unlock(user)
