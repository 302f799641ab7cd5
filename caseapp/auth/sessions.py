"""Server-side session records: revocable at once, with idle and absolute timeouts.

Checking a session only reads. What a request learns about its session (it
timed out, or its last-seen time is due) is written once per request, by
``caseapp.auth.loader``.
"""

import uuid
from datetime import timedelta

from flask import current_app, request, session
from sqlalchemy import select, update

from caseapp.auth.models import UserSession
from caseapp.core.models import utcnow
from caseapp.extensions import db

# Writing last_seen on every request would cost a write per click; once a minute is enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def current_session_id():
    """The id of the signed-in browser's server-side session, or None."""
    try:
        return uuid.UUID(session.get("sid", ""))
    except ValueError:
        return None


def start_session(user):
    """Record a new sign-in of ``user`` and return the record."""
    agent = (request.user_agent.string or "")[:160] if request else ""
    record = UserSession(user_id=user.id, user_agent=agent)
    db.session.add(record)
    db.session.flush()
    return record


def find_session(session_id, user_id):
    """The user's session record that has not been revoked (timed out or not), or None."""
    record = db.session.get(UserSession, session_id) if session_id else None
    if record is None or record.user_id != user_id or record.revoked_at is not None:
        return None
    return record


def timed_out(record, now):
    """True when the session was idle too long or has outlived its absolute lifetime."""
    config = current_app.config
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    lifetime = timedelta(hours=config["SESSION_MAX_HOURS"])
    return now - record.last_seen_at > idle or now - record.created_at > lifetime


def valid_session(session_id, user_id):
    """The live session record, or None when it is unknown, revoked or timed out."""
    record = find_session(session_id, user_id)
    return None if record is None or timed_out(record, utcnow()) else record


def due_change(record, now):
    """What a request on this session should store: its end once timed out, a new last-seen time when due."""
    if timed_out(record, now):
        return {"revoked_at": now}
    if now - record.last_seen_at > TOUCH_INTERVAL:
        return {"last_seen_at": now}
    return None


def store_change(session_id, values):
    """Write ``values`` from ``due_change`` to the session, unless it has been revoked meanwhile."""
    statement = update(UserSession).where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
    db.session.execute(statement.values(**values))


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
    now = utcnow()
    return [record for record in db.session.scalars(query) if not timed_out(record, now)]
