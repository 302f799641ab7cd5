"""Follow-up contacts after return: monthly from the departure day, each recorded once.

Months are calendar months from the departure day itself (not from the
previous follow-up), so 31 January gives 28 or 29 February, then 31 March.
"""


from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l

from caseapp.core.clock import local_today
from caseapp.cases.services import record_event
from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.extensions import db
from caseapp.returns.models import Channel, FollowUp, Outcome

# Three contacts in a row that did not reach the person call for a decision.
NOT_REACHED_STREAK = 3


class FollowUpError(ValueError):
    """The follow-up cannot be recorded so; the message is user-facing."""


def follow_up_days(departed_on, months):
    """The due days of the follow-ups: one calendar month, two, ... ``months`` after departure."""
    return [departed_on + relativedelta(months=number) for number in range(1, months + 1)]


def schedule_follow_ups(prepared, departed_on, months):
    """Create the return's follow-ups, due monthly from ``departed_on``."""
    for number, due_on in enumerate(follow_up_days(departed_on, months), start=1):
        db.session.add(FollowUp(return_id=prepared.id, number=number, due_on=due_on))
    db.session.flush()


def record_follow_up(follow_up, actor, version, *, done_on, channel, outcome, note=None):
    """Record the contact: its day, channel, outcome and an encrypted note."""
    check_version(follow_up, version)
    if follow_up.done:
        raise FollowUpError(_l("This follow-up is recorded already."))
    if done_on > local_today() or done_on < follow_up.prepared_return.departed_on:
        raise FollowUpError(_l("Give a day between the departure and today."))
    follow_up.done_on, follow_up.channel, follow_up.outcome = done_on, Channel(channel), Outcome(outcome)
    follow_up.note = (note or "").strip() or None
    follow_up.recorded_by_id = actor.id
    record_event(follow_up.prepared_return.case, actor.id, "return_follow_up", return_id=follow_up.return_id,
                 number=follow_up.number, outcome=follow_up.outcome)
    flush_versioned()


def next_open(prepared):
    """The earliest follow-up not yet recorded, or None."""
    return next((f for f in prepared.follow_ups if not f.done), None)


def unreached_streak(prepared):
    """The last recorded follow-up when the latest NOT_REACHED_STREAK recorded ones all missed the person."""
    recorded = sorted((f for f in prepared.follow_ups if f.done), key=lambda f: (f.done_on, f.number))
    latest = recorded[-NOT_REACHED_STREAK:]
    if len(latest) == NOT_REACHED_STREAK and all(f.outcome == Outcome.NOT_REACHED for f in latest):
        return latest[-1]
    return None
