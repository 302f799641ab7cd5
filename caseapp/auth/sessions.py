"""Server-side session records: revocable at once, with idle and absolute timeouts."""

from datetime import timedelta

from flask import current_app, request
from sqlalchemy import select, update

from caseapp.auth.models import UserSession
from caseapp.core.models import utcnow
from caseapp.extensions import db

# Writing last_seen on every request would cost a write per click; once a minute is enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def start_session(user):
    """Record a new sign-in of ``user`` and return the record."""
    agent = (request.user_agent.string or "")[:160] if request else ""
    record = UserSession(user_id=user.id, user_agent=agent)
    db.session.add(record)
    db.session.flush()
    return record


def valid_session(session_id, user_id):
    """The live session record, or None when it is unknown, revoked or timed out (then it is revoked)."""
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != user_id or record.revoked_at is not None:
        return None
    now = utcnow()
    config = current_app.config
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    lifetime = timedelta(hours=config["SESSION_MAX_HOURS"])
    if now - record.last_seen_at > idle or now - record.created_at > lifetime:
        record.revoked_at = now
        return None
    if now - record.last_seen_at > TOUCH_INTERVAL:
        record.last_seen_at = now
    return record


def revoke(record):
    """End one session."""
    if record.revoked_at is None:
        record.revoked_at = utcnow()
    db.session.flush()


def revoke_all(user_id, except_id=None):
    """End every session of a user (optionally keeping the current one)."""
    statement = update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
    if except_id is not None:
        statement = statement.where(UserSession.id != except_id)
    db.session.execute(statement.values(revoked_at=utcnow()))
    db.session.flush()


def active_sessions(user_id):
    """The user's sessions that have not ended, newest first."""
    query = (select(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
             .order_by(UserSession.created_at.desc()))
    return [record for record in db.session.scalars(query) if valid_session(record.id, user_id)]
