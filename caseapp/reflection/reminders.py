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

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale, format_date, gettext as _, ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
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


def due_reminders(today, days):
    """(period, case, threshold, days left) for every running period with a reminder due today."""
    query = (select(ReflectionPeriod, Case).join(Case, Case.id == ReflectionPeriod.case_id)
             .where(Case.status == CaseStatus.REFLECTION).options(joinedload(Case.assigned_to))
             .order_by(ReflectionPeriod.deadline, Case.reference))
    due = []
    for period, case in db.session.execute(query):
        left = days_left(period.deadline, today)
        threshold = threshold_for(left, days)
        if threshold is not None:
            due.append((period, case, threshold, left))
    return due


def send_reminders(today, config, sender=None):
    """Record and send today's due reminders; returns Counts. ``sender(email)`` replaces SMTP in callers that need it."""
    counts = Counts()
    due = due_reminders(today, thresholds(config))
    counts.due = len(due)
    counts.unconfirmed = _unconfirmed()
    if not due:
        return counts
    with smtp_connection(config) if sender is None else _null() as connection:
        send = sender or connection.send_message
        for period, case, threshold, left in due:
            _one(period, case, threshold, left, config, send, counts)
    return counts


def _one(period, case, threshold, left, config, send, counts):
    worker = case.assigned_to
    if worker is None or not worker.active:
        counts.no_recipient += 1
        return
    record = _record(period, threshold, worker)
    if record is None:
        counts.already_sent += 1
        return
    try:
        send(reminder_email(case, period, left, worker, config))
    except Exception as error:  # noqa: BLE001 - any failure leaves the record unconfirmed, never resent
        counts.failed += 1
        counts.errors.append(type(error).__name__)
        return
    record.sent_at = utcnow()
    db.session.commit()
    counts.sent += 1


def _record(period, threshold, worker):
    """Commit the reminder's row before sending; None when it exists already (sent or being sent)."""
    record = ReminderSent(period_id=period.id, deadline=period.deadline, threshold=threshold,
                          recipient_id=worker.id)
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return record


def _unconfirmed():
    """Reminders recorded earlier whose sending never finished (not retried: never twice)."""
    return db.session.scalar(select(func.count()).select_from(ReminderSent).where(ReminderSent.sent_at.is_(None)))


def reminder_email(case, period, left, worker, config):
    """The reminder in the worker's language: reference, days left, deadline and link only."""
    locale = worker.locale or config["BABEL_DEFAULT_LOCALE"]
    link = f"{config['BASE_URL'].rstrip('/')}/cases/{case.id}"
    with force_locale(locale):
        deadline = format_date(period.deadline, "long")
        if left < 0:
            subject = _("Reflection period %(reference)s: the deadline has passed", reference=case.reference)
            status = ngettext("The deadline passed %(num)d day ago.", "The deadline passed %(num)d days ago.", -left)
        else:
            subject = ngettext("Reflection period %(reference)s: %(num)d day left",
                               "Reflection period %(reference)s: %(num)d days left", left, reference=case.reference)
            status = ngettext("%(num)d day left.", "%(num)d days left.", left)
        body = "\n".join([
            _("Case %(reference)s", reference=case.reference), status,
            _("Deadline: %(date)s", date=deadline), "", _("Open the case: %(link)s", link=link), "",
            _("This reminder is sent once. It holds no personal data; see the case for details."),
        ])
    return message(sender=config["SMTP_SENDER"], to=worker.email, subject=subject, body=body)


class _null:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
