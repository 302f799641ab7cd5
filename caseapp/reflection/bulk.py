"""Bulk demo rows of reflection periods (a step registered with core.registry): a period from the day the
case's stay began, of the configured length, a quarter of them extended."""

import uuid
from datetime import timedelta

from caseapp.cases.bulk import add_event, at_noon
from caseapp.core.bulk import encrypted_row
from caseapp.core.clock import local_today
from caseapp.reflection.models import Authority, DecisionKind, ReflectionDecision, ReflectionPeriod
from caseapp.reflection.periods import Lengths, deadline_after, length_in_days
from caseapp.reflection.services import EXTENDED, STARTED

EXTENDED_SHARE = 0.25
REASONS = ("Medical treatment continues.", "Waiting for the police interview.", "Needs more time to decide.")


def add_bulk_period(rng, setting, case):
    """Queue the case's reflection period with its decisions and timeline events, if its stay has begun."""
    if case.started_on is None:
        return
    lengths = setting.remember("reflection lengths", lambda: Lengths.from_config(setting.config))
    authority, starts_on = rng.choice(list(Authority)), case.started_on
    period = {"id": uuid.uuid4(), "organisation_id": case.row["organisation_id"], "case_id": case.id,
              "starts_on": starts_on, "deadline": deadline_after(starts_on, lengths.usual), "version": 1}
    setting.add(ReflectionPeriod, period)
    _decision(setting, case, period, DecisionKind.INITIAL, starts_on, authority, None)
    add_event(setting, case, case.worker, STARTED, starts_on, period_id=period["id"], decided_by=authority,
              decided_on=starts_on, deadline=period["deadline"], days=lengths.usual)
    today = local_today(setting.now)
    if rng.random() < EXTENDED_SHARE and starts_on + timedelta(days=30) <= today:
        _extend(rng, setting, case, period, lengths, authority, today)


def _extend(rng, setting, case, period, lengths, authority, today):
    """An extension decided within the period, to a later deadline still within the longest period."""
    decided_on = min(period["starts_on"] + timedelta(days=rng.randint(30, lengths.usual - 1)), today)
    previous = period["deadline"]
    period["deadline"] = previous + timedelta(days=rng.randint(1, max(1, lengths.maximum - lengths.usual)))
    period["version"] = 2
    _decision(setting, case, period, DecisionKind.EXTENSION, decided_on, authority, rng.choice(REASONS))
    add_event(setting, case, case.worker, EXTENDED, decided_on, period_id=period["id"], decided_by=authority,
              decided_on=decided_on, previous=previous, deadline=period["deadline"],
              days=length_in_days(period["starts_on"], period["deadline"]))


def _decision(setting, case, period, kind, decided_on, authority, reason):
    row = {"id": uuid.uuid4(), "period_id": period["id"], "kind": kind, "decided_on": decided_on,
           "decided_by": authority, "deadline": period["deadline"], "recorded_by_id": case.worker,
           "recorded_at": at_noon(decided_on)}
    setting.add(ReflectionDecision, encrypted_row(ReflectionDecision, row, {"reason": reason,
                                                                            "override_reason": None},
                                                  setting.keyring))
