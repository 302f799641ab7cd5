"""Follow-up reminders: each follow-up that is due is emailed to the case worker once.

The rules are the reflection reminders' (``reflection.reminders``): the row
is committed before the email goes out, so a rerun or a concurrent run never
sends it twice; the email carries the case reference, the due day and a
link, never personal data; the command prints counts only.
"""

import uuid
from contextlib import nullcontext
from dataclasses import dataclass

from flask_babel import force_locale, gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.core.i18n import format_date
from caseapp.core.models import utcnow
from caseapp.extensions import db
from caseapp.reflection.mail import message, smtp_connection
from caseapp.reflection.reminders import Counts
from caseapp.returns.models import FollowUp, FollowUpReminder, PreparedReturn


@dataclass(frozen=True)
class Due:
    """One follow-up reminder due today, as plain values."""

    follow_up_id: object
    due_on: object
    number: int
    case_id: object
    reference: str
    recipient_id: object = None
    email: str | None = None
    locale: str | None = None


def due_follow_ups(today):
    """Every follow-up not recorded and due by ``today`` of a case in follow-up, earliest first."""
    query = (select(FollowUp, Case).join(PreparedReturn, PreparedReturn.id == FollowUp.return_id)
             .join(Case, Case.id == PreparedReturn.case_id)
             .where(FollowUp.done_on.is_(None), FollowUp.due_on <= today, Case.status == CaseStatus.FOLLOW_UP)
             .options(joinedload(Case.assigned_to)).order_by(FollowUp.due_on, Case.reference))
    due = []
    for follow_up, case in db.session.execute(query):
        worker = case.assigned_to if case.assigned_to is not None and case.assigned_to.active else None
        due.append(Due(follow_up.id, follow_up.due_on, follow_up.number, case.id, case.reference,
                       *((worker.id, worker.email, worker.locale) if worker else ())))
    return due


def send_follow_up_reminders(today, config, sender=None):
    """Record and send today's due follow-up reminders; returns Counts."""
    counts = Counts()
    due = due_follow_ups(today)
    counts.due, counts.unconfirmed = len(due), _unconfirmed()
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
    db.session.execute(update(FollowUpReminder).where(FollowUpReminder.id == record_id).values(sent_at=utcnow()))
    db.session.commit()
    counts.sent += 1


def _record(item):
    """Commit the reminder's row before sending; its id, or None when it exists already."""
    record = FollowUpReminder(id=uuid.uuid4(), follow_up_id=item.follow_up_id, due_on=item.due_on,
                              recipient_id=item.recipient_id)
    record_id = record.id
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return record_id


def _unconfirmed():
    return db.session.scalar(select(func.count()).select_from(FollowUpReminder)
                             .where(FollowUpReminder.sent_at.is_(None)))


def reminder_email(item, config):
    """The reminder in the worker's language: reference, follow-up number, due day and link only."""
    locale = item.locale or config["BABEL_DEFAULT_LOCALE"]
    link = f"{config['BASE_URL'].rstrip('/')}/cases/{item.case_id}"
    with force_locale(locale):
        subject = _("Follow-up after return %(reference)s is due", reference=item.reference)
        body = "\n".join([
            _("Case %(reference)s", reference=item.reference),
            _("Follow-up contact %(number)d is due on %(date)s.", number=item.number,
              date=format_date(item.due_on, "long")),
            "", _("Open the case: %(link)s", link=link), "",
            _("This reminder is sent once. It holds no personal data; see the case for details."),
        ])
    return message(sender=config["SMTP_SENDER"], to=item.email, subject=subject, body=body)
