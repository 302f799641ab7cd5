"""Flask-Login's user loader, and the one write per request of what it learns about the session.

The loader only reads. When the server-side session has timed out (it is
revoked) or its last-seen time is due, the values wait on ``g`` and are
written just before the request's first commit, whoever makes it. A request
that commits nothing (a plain GET) gets one commit after the request for
that write alone, so browsing keeps the idle timeout at bay without a
commit per click.
"""

from flask import g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from caseapp.auth import services, sessions
from caseapp.core.database import start_writing
from caseapp.core.models import utcnow
from caseapp.extensions import db, login_manager

PENDING = "auth_session_write"


def init_app(app):
    """Install the loader, the commit listeners and the after-request write."""
    login_manager.user_loader(load_user)
    # On every Session: the tests swap in sessions of another class than Flask-SQLAlchemy's.
    for name, listener in (("before_commit", _store_before_commit), ("after_commit", _stored),
                           ("after_rollback", _not_stored)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
    # After-request hooks run in reverse order of registration: features set up
    # later (the audit trail) commit first, and that commit carries the write.
    app.after_request(write_pending)


def load_user(user_id):
    """The active user whose server-side session is still valid, or None; never writes."""
    user, session_id = services.get_user(user_id), sessions.current_session_id()
    record = sessions.find_session(session_id, user.id) if user is not None and user.active else None
    if record is None:
        return None
    now = utcnow()
    change = sessions.due_change(record, now)
    if change:
        g.setdefault(PENDING, {"session_id": record.id, "values": change, "stored": False})
    return None if sessions.timed_out(record, now) else user


def write_pending(response):
    """Commit the session write that no commit of the request carried (none after a server error)."""
    if g.get(PENDING) and response.status_code < 500:
        # Only the write: whatever the view left uncommitted was not meant to be kept.
        start_writing()
        db.session.commit()
    return response


def _pending(session):
    if not has_request_context() or session is not db.session():
        return None
    return g.get(PENDING)


def _store_before_commit(session):
    pending = _pending(session)
    if pending is not None and not pending["stored"]:
        sessions.store_change(pending["session_id"], pending["values"])
        pending["stored"] = True


def _stored(session):
    pending = _pending(session)
    if pending is not None and pending["stored"]:
        g.pop(PENDING)


def _not_stored(session):
    pending = _pending(session)
    if pending is not None:
        pending["stored"] = False
