"""One-time submission tokens: a creating form sent twice creates once.

A double tap on a slow phone network, or the back button and "send" again,
posts the same form twice. Each showing of a creating form carries a random
token (``CreatingForm``); the view claims it in the transaction that
creates, and remembers where the result is shown. A second post of the same
token finds the claim and is sent to the first result: nothing is created
twice. Two posts at the same instant cannot both claim: on SQLite they run
one after the other (BEGIN IMMEDIATE), on PostgreSQL the second insert of
the token waits for the first transaction and then fails as a duplicate.
"""

import uuid
from datetime import datetime, timedelta

from flask_login import current_user
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from caseapp.core.models import UTCDateTime, utcnow
from caseapp.extensions import db

# A repeat comes within seconds or, from a page kept open, within hours; two days is ample.
KEEP_FOR = timedelta(days=2)


class SubmissionToken(db.Model):
    """A claimed token: who sent it and where its result is shown (an app path with ids only)."""

    __tablename__ = "submission_tokens"

    token: Mapped[str] = mapped_column(db.String(32), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(db.Uuid)
    result_path: Mapped[str | None] = mapped_column(db.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class RepeatedSubmission(Exception):
    """The form was sent before with this token; ``path`` shows what the first sending saved."""

    def __init__(self, path):
        super().__init__(path)
        self.path = path


def check(token):
    """Raise RepeatedSubmission if ``token`` was claimed (before a step that shows a page, not saving yet)."""
    _raise_if_claimed(db.session.get(SubmissionToken, token))


def claim(token):
    """Claim ``token`` for the current user in this transaction; raise RepeatedSubmission if it was claimed."""
    _forget_old()
    earlier = db.session.get(SubmissionToken, token)
    if earlier is None:
        try:
            with db.session.begin_nested():
                db.session.add(SubmissionToken(token=token, user_id=current_user.id))
        except IntegrityError:
            earlier = db.session.scalar(select(SubmissionToken).where(SubmissionToken.token == token))
    _raise_if_claimed(earlier)


def _raise_if_claimed(earlier):
    if earlier is not None:
        # Another user's token (a forged repeat) learns nothing about what it created.
        raise RepeatedSubmission(earlier.result_path if earlier.user_id == current_user.id else None)


def resolve(token, path):
    """Remember where the result of the submission claimed with ``token`` is shown."""
    db.session.get(SubmissionToken, token).result_path = path
    db.session.flush()


def _forget_old():
    db.session.execute(delete(SubmissionToken).where(SubmissionToken.created_at < utcnow() - KEEP_FOR))
