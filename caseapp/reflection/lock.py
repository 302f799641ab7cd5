"""A database lock so that only one reminders run works at a time, on one machine or several.

The lock is a row: inserting it succeeds for one run only (primary key), and
it carries an expiry so that a run that crashed does not block the next one
for ever. It is belt and braces: the unique row each reminder records before
it is sent already makes a second concurrent run skip it.
"""

import uuid
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from caseapp.core.models import utcnow
from caseapp.extensions import db
from caseapp.reflection.models import ReminderRunLock

LOCK_NAME = "reminders"
LOCK_MINUTES = 30


class LockHeld(RuntimeError):
    """Another run holds the lock."""


@contextmanager
def run_lock(name=LOCK_NAME, minutes=LOCK_MINUTES):
    """Hold the named lock for the block; raise LockHeld if another live run has it."""
    holder = uuid.uuid4().hex
    _acquire(name, holder, minutes)
    try:
        yield holder
    finally:
        db.session.rollback()
        db.session.execute(delete(ReminderRunLock).where(ReminderRunLock.name == name,
                                                         ReminderRunLock.holder == holder))
        db.session.commit()


def _acquire(name, holder, minutes):
    now = utcnow()
    db.session.execute(delete(ReminderRunLock).where(ReminderRunLock.name == name,
                                                     ReminderRunLock.expires_at < now))
    db.session.add(ReminderRunLock(name=name, holder=holder, expires_at=now + timedelta(minutes=minutes)))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise LockHeld(name) from None
