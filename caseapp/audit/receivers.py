"""Turn the core signals into audit entries.

Changes (``record_changed``) are appended at once, inside the transaction
the view commits, so a change and its entry are stored together or not at
all. Everything else (sign-ins, sign-outs, refusals, views of personal
data) is queued on ``g``. The request's own commit carries the queued
entries when it makes one (a sign-in step is one commit); otherwise an
``after_request`` hook writes them in a commit of their own, so a view that
rolls back cannot take its queued entries with it. If that commit fails,
the request fails: personal data must not be shown unrecorded.
"""

import uuid

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from caseapp.audit import services
from caseapp.auth.models import User
from caseapp.core import signals
from caseapp.core.database import SAFE_METHODS, start_writing
from caseapp.core.registry import registry
from caseapp.extensions import db

QUEUE = "audit_queue"


def connect(app):
    """Connect the receivers (idempotent) and the hook that commits queued entries."""
    signals.sign_in_succeeded.connect(on_sign_in_succeeded)
    signals.sign_in_failed.connect(on_sign_in_failed)
    signals.signed_out.connect(on_signed_out)
    signals.access_refused.connect(on_access_refused)
    signals.record_changed.connect(on_record_changed)
    signals.personal_data_viewed.connect(on_personal_data_viewed)
    app.after_request(write_queued)
    # On every Session: the tests swap in sessions of another class than Flask-SQLAlchemy's.
    if not event.contains(Session, "before_commit", _write_with_request_commit):
        event.listen(Session, "before_commit", _write_with_request_commit)


def on_sign_in_succeeded(_sender, *, user_id, **_extra):
    """A successful sign-in."""
    _queue("sign_in.success", user_id, target_type="user", target_id=user_id)


def on_sign_in_failed(_sender, *, user_id=None, **_extra):
    """A failed sign-in; ``user_id`` only when the account exists (the typed email is never kept)."""
    _queue("sign_in.failure", user_id, target_type="user" if user_id else None, target_id=user_id)


def on_signed_out(_sender, *, user_id, **_extra):
    """A sign-out."""
    _queue("sign_out", user_id, target_type="user", target_id=user_id)


def on_access_refused(_sender, *, user_id, endpoint, status, **_extra):
    """A 403, or a 404 of a signed-in user, with the ids the URL asked for."""
    _queue("access.refused", user_id, detail={"endpoint": endpoint, "status": status, **_requested_ids()})


def on_record_changed(_sender, *, actor_id, organisation_id, action, target_type, target_id, detail=None, **_extra):
    """An admin change, appended in the transaction that makes it."""
    services.append(action, organisation_id=organisation_id, actor_id=actor_id,
                    target_type=target_type, target_id=target_id, detail=detail)


def on_personal_data_viewed(_sender, *, actor_id, organisation_id, person_id, purpose,
                            target_id=None, person_ids=None, **_extra):
    """A page showing decrypted personal data: one person, a case, a contact, or a list of persons."""
    action, target_type = _view_action(purpose)
    detail = {}
    if person_ids is not None:
        detail = {"count": len(person_ids), "person_ids": list(person_ids)}
    if target_type == "person":
        target_id = person_id
    elif person_id is not None:
        detail["person_id"] = person_id
    _write_or_queue(dict(action=action, organisation_id=organisation_id, actor_id=actor_id,
                         target_type=target_type, target_id=target_id, detail=detail))


def _view_action(purpose):
    """The audit action and target type a feature registered for ``purpose``; a person view otherwise."""
    registered = registry().view_actions.get(purpose)
    return (registered.action, registered.target_type) if registered else (f"person.{purpose}", "person")


def _queue(action, user_id, **fields):
    _write_or_queue(dict(action=action, actor_id=user_id, organisation_id=_organisation_of(user_id), **fields))


def _write_or_queue(fields):
    """Queue for the end of the request; outside a request (commands), append to the caller's transaction."""
    if has_request_context():
        g.setdefault(QUEUE, []).append(fields)
    else:
        services.append(**fields)


def _organisation_of(user_id):
    user = db.session.get(User, uuid.UUID(str(user_id))) if user_id else None
    return user.organisation_id if user else None


def _requested_ids():
    """The UUIDs in the refused URL (e.g. another organisation's person id): ids, never other input."""
    arguments = request.view_args or {}
    return {name: str(value) for name, value in sorted(arguments.items()) if isinstance(value, uuid.UUID)}


def _write_with_request_commit(session):
    """Append the queued entries to the request's own commit, so they need no commit of their own."""
    if not has_request_context() or session is not db.session():
        return
    for fields in g.pop(QUEUE, None) or ():
        services.append(**fields)


def write_queued(response):
    """Commit the request's queued entries, unless the request failed with a server error."""
    queued = g.pop(QUEUE, None)
    if not queued or response.status_code >= 500:
        return response
    if response.status_code >= 400 or request.method in SAFE_METHODS:
        # A refused request commits nothing of its own, only the record of the refusal; a page shown
        # wrote nothing, and its entries need a transaction that may write (core.database).
        start_writing()
    for fields in queued:
        services.append(**fields)
    db.session.commit()
    return response
