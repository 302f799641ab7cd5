"""Optimistic locking: an edit based on an old version is refused, never merged silently."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from caseapp.extensions import db


class StaleEditError(Exception):
    """Someone else saved the record after this form was loaded."""

    message = _l(
        "Someone else changed this record while you were working on it. "
        "Nothing was saved. Reload the page to see their change, then try again."
    )


def check_version(record, submitted_version):
    """Raise StaleEditError unless the form was made from the record's current version."""
    try:
        submitted = int(submitted_version)
    except (TypeError, ValueError):
        raise StaleEditError() from None
    if submitted != record.version:
        raise StaleEditError()


def flush_versioned():
    """Flush, turning a concurrent version bump found by the database into StaleEditError."""
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleEditError() from None
