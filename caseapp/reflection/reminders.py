"""Deadline reminders: which are due today, and sending each exactly once.

On a given day a running period is due for the tightest configured threshold
it has reached (``REMINDER_DAYS``, default 30, 14, 7 and 1 days before the
deadline) and, once the deadline has passed, for one last reminder. Missed
earlier thresholds are not sent late. Each reminder is recorded (a unique
row per period, deadline and threshold, committed) BEFORE the email goes
out, so a second run at the same time, or a rerun after a crash, never sends
it again: at most once, never twice. An email carries the case reference,
the days left, the deadline and a link, never personal data.
"""

import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field

from flask_babel import force_locale, gettext as _, ngettext
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.core.i18n import format_date
from caseapp.core.models import utcnow
from caseapp.extensions import db
from caseapp.reflection.mail import message, smtp_connection
from caseapp.reflection.models import ReflectionPeriod, ReminderSent
from caseapp.reflection.periods import days_left

PASSED = ReminderSent.PASSED


@dataclass
class Counts:
    """What a run did, for the command's output (numbers only)."""

    due: int = 0
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    no_recipient: int = 0
    unconfirmed: int = 0
    errors: list = field(default_factory=list)


def thresholds(config):
    """The configured reminder days, largest first."""
    return sorted({int(part) for part in str(config["REMINDER_DAYS"]).split(",") if part.strip()}, reverse=True)


def threshold_for(left, days):
    """The reminder due with ``left`` days left: the tightest threshold reached, PASSED, or None."""
    if left < 0:
        return PASSED
    reached = [day for day in days if left <= day]
    return min(reached) if reached else None


@dataclass(frozen=True)
class Due:
    """One reminder due today, as plain values (no database row is held while sending)."""

    period_id: object
    deadline: object
    threshold: int
    days_left: int
    case_id: object
    reference: str
    recipient_id: object = None
    email: str | None = None
    locale: str | None = None


def due_reminders(today, days):
    """Every reminder due today for a running period, soonest deadline first."""
    query = (select(ReflectionPeriod, Case).join(Case, Case.id == ReflectionPeriod.case_id)
             .where(Case.status == CaseStatus.REFLECTION).options(joinedload(Case.assigned_to))
             .order_by(ReflectionPeriod.deadline, Case.reference))
    due = []
    for period, case in db.session.execute(query):
        left = days_left(period.deadline, today)
        threshold = threshold_for(left, days)
        worker = case.assigned_to if case.assigned_to is not None and case.assigned_to.active else None
        if threshold is not None:
            due.append(Due(period.id, period.deadline, threshold, left, case.id, case.reference,
                           *((worker.id, worker.email, worker.locale) if worker else ())))
    return due


def send_reminders(today, config, sender=None):
    """Record and send today's due reminders; returns Counts. ``sender(email)`` stands in for SMTP in tests."""
    counts = Counts()
    due = due_reminders(today, thresholds(config))
    counts.due, counts.unconfirmed = len(due), _unconfirmed()
    # End the reading transaction: each reminder is then recorded in a transaction that
    # starts by writing, which SQLite lets wait for a concurrent run instead of failing.
    db.session.rollback()
    if not due:
        return counts
    with smtp_connection(config) if sender is None else nullcontext() as connection:
        send = sender or connection.send_message
        for item in due:
            _one(item, config, send, counts)
    return counts


def _one(item, config, send, counts):
    if item.recipient_id is None:
        counts.no_recipient += 1
        return
    record_id = _record(item)
    if record_id is None:
        counts.already_sent += 1
        return
    try:
        send(reminder_email(item, config))
    except Exception as error:  # noqa: BLE001 - any failure leaves the record unconfirmed, never resent
        counts.failed += 1
        counts.errors.append(type(error).__name__)
        return
    # A plain UPDATE: loading the committed row first would start this transaction with a read.
    db.session.execute(update(ReminderSent).where(ReminderSent.id == record_id).values(sent_at=utcnow()))
    db.session.commit()
    counts.sent += 1


def _record(item):
    """Commit the reminder's row before sending; its id, or None when it exists already (sent or being sent)."""
    record = ReminderSent(id=uuid.uuid4(), period_id=item.period_id, deadline=item.deadline, threshold=item.threshold,
                          recipient_id=item.recipient_id)
    record_id = record.id  # kept: reading it after the commit would reload the row by a SELECT
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return record_id


def _unconfirmed():
    """Reminders recorded earlier whose sending never finished (not retried: never twice)."""
    return db.session.scalar(select(func.count()).select_from(ReminderSent).where(ReminderSent.sent_at.is_(None)))


def reminder_email(item, config):
    """The reminder in the worker's language: reference, days left, deadline and link only."""
    locale = item.locale or config["BABEL_DEFAULT_LOCALE"]
    link = f"{config['BASE_URL'].rstrip('/')}/cases/{item.case_id}"
    left, reference = item.days_left, item.reference
    with force_locale(locale):
        deadline = format_date(item.deadline, "long")
        if left < 0:
            subject = _("Reflection period %(reference)s: the deadline has passed", reference=reference)
            status = ngettext("The deadline passed %(num)d day ago.", "The deadline passed %(num)d days ago.", -left)
        else:
            subject = ngettext("Reflection period %(reference)s: %(num)d day left",
                               "Reflection period %(reference)s: %(num)d days left", left, reference=reference)
            status = ngettext("%(num)d day left.", "%(num)d days left.", left)
        body = "\n".join([
            _("Case %(reference)s", reference=reference), status,
            _("Deadline: %(date)s", date=deadline), "", _("Open the case: %(link)s", link=link), "",
            _("This reminder is sent once. It holds no personal data; see the case for details."),
        ])
    return message(sender=config["SMTP_SENDER"], to=item.email, subject=subject, body=body)
