"""Bulk demo rows of prepared returns (a step registered with core.registry): cases in return are referred,
accepted or have their travel planned; departed ones have a reintegration plan and monthly follow-ups
scheduled from departure as ``advance`` schedules them, done for the months past, due or overdue after."""

import uuid
from datetime import timedelta

from caseapp.cases.bulk import add_event, at_noon
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import ConsentPurpose
from caseapp.core.bulk import encrypted_row
from caseapp.core.clock import local_today
from caseapp.core.models import join_codes, split_codes
from caseapp.returns.followups import follow_up_days
from caseapp.returns.models import (Channel, FollowUp, Outcome, PackField, PlanItem, PlanKind, PlanStatus,
                                    PreparedReturn, ReturnStatus)
from caseapp.returns.organisations import list_return_organisations

S = ReturnStatus
UNDER_WAY = (S.REFERRED, S.ACCEPTED, S.TRAVEL_PLANNED)
OUTCOMES = (Outcome.REACHED, Outcome.REACHED, Outcome.REACHED, Outcome.NOT_REACHED, Outcome.NEEDS_HELP)
# A follow-up this many days past due and still not recorded (one in eight) shows as overdue.
GRACE_DAYS, MISSED_SHARE = 5, 0.125


def add_bulk_return(rng, setting, case):
    """Queue the return of a case in return or after it (with the consent to share), its plan and follow-ups."""
    if ConsentPurpose.SHARE_RETURN_ORGANISATION not in case.consents or case.started_on is None:
        return
    organisations = setting.remember("return organisations", lambda: [
        organisation.id for organisation in list_return_organisations(active_only=True)])
    if not organisations or (case.left_on is None and case.row["status"] != CaseStatus.RETURN):
        return
    steps = _steps(rng, case, local_today(setting.now))
    prepared = _prepared(rng, setting, case, rng.choice(organisations), steps)
    for status, day in steps:
        detail = {"return_organisation_id": prepared["return_organisation_id"],
                  "country": prepared["destination_country"]} if status == S.REFERRED else {"on": _on(status, prepared)}
        add_event(setting, case, case.worker, f"return_{status}", day, return_id=prepared["id"], **detail)
    _plan(rng, setting, case, prepared)
    if case.left_on is not None:
        _follow_ups(rng, setting, case, prepared)


def _steps(rng, case, today):
    """(status, day) of each step taken: departed ones on their departure day, the others under way today."""
    if case.left_on is not None:
        referred = max(case.started_on, case.left_on - timedelta(days=rng.randint(21, 45)))
        third = (case.left_on - referred) / 3
        return [(S.REFERRED, referred), (S.ACCEPTED, referred + third), (S.TRAVEL_PLANNED, referred + 2 * third),
                (S.DEPARTED, case.left_on)]
    referred = max(case.started_on, today - timedelta(days=rng.randint(0, 40)))
    steps = [(S.REFERRED, referred), (S.ACCEPTED, referred + (today - referred) / 2), (S.TRAVEL_PLANNED, today)]
    return steps[:rng.randint(1, 3)]


def _on(status, prepared):
    return {S.TRAVEL_PLANNED: prepared["planned_on"], S.DEPARTED: prepared["departed_on"]}.get(status)


def _prepared(rng, setting, case, organisation_id, steps):
    (status, status_on), departed = steps[-1], case.left_on
    planned_on = departed or (status_on + timedelta(days=rng.randint(-5, 30)) if status == S.TRAVEL_PLANNED
                              else None)
    row = {"id": uuid.uuid4(), "organisation_id": case.row["organisation_id"], "case_id": case.id,
           "return_organisation_id": organisation_id, "status": status, "consented_fields": join_codes(PackField),
           "destination_country": _country(setting, case), "planned_on": planned_on, "departed_on": departed,
           "status_on": status_on, "referred_by_id": case.worker, "referred_at": at_noon(steps[0][1]),
           "version": len(steps)}
    setting.add(PreparedReturn, encrypted_row(PreparedReturn, row, {"region": None, "cancel_reason": None},
                                              setting.keyring))
    return row


def _country(setting, case):
    """The person's first citizenship other than Danish (Romania when none is known)."""
    plain, _secrets = setting.people.get(case.row["person_id"], ({}, None))
    return next((code for code in split_codes(plain.get("citizenship")) if code != "DK"), "RO")


def _plan(rng, setting, case, prepared):
    """One to three items of support: planned before departure, started or done after it."""
    closed = case.row["closed_on"] is not None
    for kind in rng.sample(list(PlanKind)[:5], rng.randint(1, 3)):
        status = PlanStatus.PLANNED if case.left_on is None else PlanStatus.DONE if closed else rng.choice(
            (PlanStatus.STARTED, PlanStatus.DONE))
        row = {"id": uuid.uuid4(), "return_id": prepared["id"], "kind": kind, "status": status,
               "created_at": prepared["referred_at"], "version": 1 if status == PlanStatus.PLANNED else 2}
        setting.add(PlanItem, encrypted_row(PlanItem, row, {"note": None}, setting.keyring))
        add_event(setting, case, case.worker, "return_plan_item", prepared["referred_at"], return_id=prepared["id"],
                  support=kind, status=status)


def _follow_ups(rng, setting, case, prepared):
    """Monthly from departure; recorded a few days after due, all of them for a closed case."""
    today, closed_on = local_today(setting.now), case.row["closed_on"]
    months = setting.config["REINTEGRATION_MONTHS"]
    for number, due_on in enumerate(follow_up_days(case.left_on, months), start=1):
        done_on = min(due_on + timedelta(days=rng.randint(0, GRACE_DAYS)), closed_on or today)
        if closed_on is None and (due_on > today - timedelta(days=GRACE_DAYS) or rng.random() < MISSED_SHARE):
            done_on = None
        outcome = rng.choice(OUTCOMES) if done_on else None
        row = {"id": uuid.uuid4(), "return_id": prepared["id"], "number": number, "due_on": due_on,
               "done_on": done_on, "channel": rng.choice(list(Channel)) if done_on else None, "outcome": outcome,
               "recorded_by_id": case.worker if done_on else None, "version": 2 if done_on else 1}
        setting.add(FollowUp, encrypted_row(FollowUp, row, {"note": None}, setting.keyring))
        if done_on:
            add_event(setting, case, case.worker, "return_follow_up", done_on, return_id=prepared["id"],
                      number=number, outcome=outcome)
