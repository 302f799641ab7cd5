"""Reflection-period decisions: start a period, extend it. Flushes, never commits.

Starting a period moves the case into the reflection status through the
case state machine. Each decision is kept; the period holds the current
deadline and a version, so of two staff extending it at once the second is
refused instead of overwriting the first.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.services import change_status, record_event
from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.extensions import db
from caseapp.reflection.models import Authority, DecisionKind, ReflectionDecision, ReflectionPeriod
from caseapp.reflection.periods import deadline_after, length_in_days

STARTED, EXTENDED = "reflection_started", "reflection_extended"
EARLIEST = date(2000, 1, 1)
# Even with an override no period runs for years: a deadline that far off is a typing error.
LONGEST_PLAUSIBLE_DAYS = 730


class ReflectionError(ValueError):
    """The decision cannot be recorded; the message is user-facing."""


def period_of(case):
    """The case's reflection period with its decisions, or None."""
    query = (select(ReflectionPeriod).where(ReflectionPeriod.case_id == case.id)
             .options(selectinload(ReflectionPeriod.decisions)))
    return db.session.scalar(query)


def start_period(case, actor, lengths, *, decided_on, decided_by, today, deadline=None, override_reason=None,
                 version):
    """Record the decision that starts the case's period; the deadline defaults to the usual length."""
    if period_of(case) is not None:
        raise ReflectionError(_l("This case already has a reflection period. Record an extension instead."))
    _check_decision_date(decided_on, today)
    deadline = deadline or deadline_after(decided_on, lengths.usual)
    override = _check_deadline(decided_on, deadline, lengths, override_reason)
    change_status(case, actor, CaseStatus.REFLECTION, version)
    period = ReflectionPeriod(organisation_id=case.organisation_id, case_id=case.id, starts_on=decided_on,
                              deadline=deadline)
    db.session.add(period)
    _decide(period, actor, DecisionKind.INITIAL, decided_on, decided_by, deadline, None, override)
    record_event(case, actor.id, STARTED, period_id=period.id, decided_by=Authority(decided_by),
                 decided_on=decided_on, deadline=deadline, days=length_in_days(decided_on, deadline))
    db.session.flush()
    return period


def extend_period(period, case, actor, lengths, *, decided_on, decided_by, deadline, reason, today,
                  override_reason=None, version):
    """Record an extension: a later deadline, who decided it, when and why."""
    check_version(period, version)
    _check_decision_date(decided_on, today)
    if decided_on < period.starts_on:
        raise ReflectionError(_l("The decision date is before the period started (%(date)s).",
                                 date=period.starts_on.isoformat()))
    if deadline <= period.deadline:
        raise ReflectionError(_l("An extension must move the deadline later than %(date)s; "
                                 "a shorter period cannot be recorded as an extension.",
                                 date=period.deadline.isoformat()))
    if not (reason or "").strip():
        raise ReflectionError(_l("Give the reason for the extension."))
    override = _check_deadline(period.starts_on, deadline, lengths, override_reason)
    previous, period.deadline = period.deadline, deadline
    flush_versioned()
    _decide(period, actor, DecisionKind.EXTENSION, decided_on, decided_by, deadline, reason.strip(), override)
    record_event(case, actor.id, EXTENDED, period_id=period.id, decided_by=Authority(decided_by),
                 decided_on=decided_on, previous=previous, deadline=deadline,
                 days=length_in_days(period.starts_on, deadline))
    db.session.flush()


def _check_decision_date(decided_on, today):
    if decided_on > today or decided_on < EARLIEST:
        raise ReflectionError(_l("The decision date must be between %(first)s and today.",
                                 first=EARLIEST.isoformat()))


def _check_deadline(starts_on, deadline, lengths, override_reason):
    """Refuse a deadline before the start; past the maximum it needs a reason, returned stripped."""
    if deadline < starts_on:
        raise ReflectionError(_l("The deadline is before the period starts (%(date)s).",
                                 date=starts_on.isoformat()))
    if length_in_days(starts_on, deadline) > LONGEST_PLAUSIBLE_DAYS:
        raise ReflectionError(_l("A deadline more than %(days)d days after the start is a typing error.",
                                 days=LONGEST_PLAUSIBLE_DAYS))
    override = (override_reason or "").strip() or None
    latest = deadline_after(starts_on, lengths.maximum)
    if deadline > latest and override is None:
        raise ReflectionError(_l("The deadline is later than the longest period of %(days)d days (%(date)s). "
                                 "To record it anyway, tick the override and say why.",
                                 days=lengths.maximum, date=latest.isoformat()))
    return override


def _decide(period, actor, kind, decided_on, decided_by, deadline, reason, override):
    period.decisions.append(ReflectionDecision(
        kind=kind, decided_on=decided_on, decided_by=Authority(decided_by), deadline=deadline, reason=reason,
        override_reason=override, recorded_by_id=actor.id))
