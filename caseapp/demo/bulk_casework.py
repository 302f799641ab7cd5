"""Contacts and cases of bulk demo persons: about ten contacts each, and for two persons in three a case in the
status ``caseload`` draws, with its timeline."""

import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select, update

from caseapp.cases.bulk import add_consent, add_event, at_noon
from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.cases.models import (Case, CaseReferenceCounter, ConsentPurpose, DecisionBody, EventKind,
                                  Exploitation, TraffickingStatus)
from caseapp.cases.references import format_reference
from caseapp.contacts.models import Contact, Indicator, PlaceType, Service
from caseapp.contacts.municipalities import MUNICIPALITIES
from caseapp.core.bulk import BulkCase, encrypted_row
from caseapp.core.clock import local_today
from caseapp.core.models import join_codes
from caseapp.demo import caseload
from caseapp.extensions import db

# The decision on the way to each status.
PATHS = {
    CaseStatus.OPEN: None,
    CaseStatus.NOT_VICTIM: TraffickingStatus.NOT_A_VICTIM,
    CaseStatus.IDENTIFIED: TraffickingStatus.ACTUAL,
    CaseStatus.REFLECTION: TraffickingStatus.ACTUAL,
    CaseStatus.RETURN: TraffickingStatus.ACTUAL,
    CaseStatus.FOLLOW_UP: TraffickingStatus.ACTUAL,
    CaseStatus.CLOSED: TraffickingStatus.POSSIBLE,
}
# Cases that went on to a reflection period (and a shelter stay, a return, follow-ups).
LATER = (CaseStatus.REFLECTION, CaseStatus.RETURN, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED)
OTHER_OUTCOMES = (ClosureOutcome.RESIDENCE_PERMIT, ClosureOutcome.ASYLUM, ClosureOutcome.LOST_CONTACT)
# Enum members listed once: a bulk load draws from them a million times.
PLACE_TYPES, INDICATORS, SERVICES = list(PlaceType), list(Indicator), list(Service)
NOTES = (None, None, None, "Talked briefly; will come back next week.", "Gave leaflet in her language.")


def plan_casework(rng, setting):
    """(status of the person's case or None, when the person was first met): two persons in three have a case."""
    status = caseload.draw_status(rng, setting) if rng.randrange(3) else None
    return status, caseload.first_contact(rng, setting.now, status)


def add_casework(rng, setting, organisation, person_id, status, first):
    """Queue the person's contacts from ``first`` on, some anonymous ones, and the case in ``status`` (if any)."""
    workers = setting.workers[organisation.id]
    times = [first] + sorted(caseload.later_contact(rng, setting.now, first) for _ in range(rng.randint(2, 12)))
    for when in times:
        setting.add(Contact, _contact(rng, setting, organisation.id, rng.choice(workers), when, person_id))
    for _ in range(rng.randint(0, 4)):
        when = caseload.first_contact(rng, setting.now, None)
        setting.add(Contact, _contact(rng, setting, organisation.id, rng.choice(workers), when, None))
    if status is not None:
        _case(rng, setting, organisation, person_id, rng.choice(workers), status, first)


def store_counters(counters):
    """Move each organisation's reference counters on to the numbers the bulk cases took."""
    for (organisation_id, year), last in counters.items():
        counter = CaseReferenceCounter
        if db.session.get(counter, (organisation_id, year)) is None:
            db.session.add(counter(organisation_id=organisation_id, year=year, last_number=last))
        else:
            db.session.execute(update(counter).where(counter.organisation_id == organisation_id,
                                                     counter.year == year).values(last_number=last))
    db.session.flush()


def _contact(rng, setting, organisation_id, worker, when, person_id):
    row = {"id": uuid.uuid4(), "organisation_id": organisation_id, "person_id": person_id, "occurred_at": when,
           "place_type": rng.choice(PLACE_TYPES), "municipality": rng.choice(MUNICIPALITIES[:20]),
           "language": rng.choice(["ro", "bg", "en", "th", "es", "da"]), "interpreter_used": rng.random() < 0.3,
           "indicators": join_codes(i.value for i in rng.sample(INDICATORS, rng.randint(0, 4))),
           "services": join_codes(s.value for s in rng.sample(SERVICES, rng.randint(1, 2))),
           "created_by_id": worker, "version": 1}
    return encrypted_row(Contact, row, {"note": rng.choice(NOTES)}, setting.keyring)


def _case(rng, setting, organisation, person_id, worker, status, opened_at):
    decision, today = PATHS[status], local_today(setting.now)
    decided_on = min(local_today(opened_at) + timedelta(days=rng.randint(1, 30)), today) if decision else None
    started_on, left_on, closed_on, outcome = _course(rng, setting, status, decided_on, today)
    case = {"id": uuid.uuid4(), "organisation_id": organisation.id, "person_id": person_id, "assigned_to_id": worker,
            "status": status, "opened_at": opened_at, "reference": next_reference(setting, organisation, opened_at),
            "exploitation": rng.choice([Exploitation.SEXUAL, Exploitation.SEXUAL, Exploitation.FORCED_LABOUR]).value,
            "trafficking_status": decision, "decided_by": rng.choice(list(DecisionBody)) if decision else None,
            "decided_on": decided_on, "closure_outcome": outcome, "closed_on": closed_on, "version": 1}
    bulk = BulkCase(case, started_on=started_on, left_on=left_on)
    add_case(setting, bulk)
    if status in (CaseStatus.RETURN, CaseStatus.FOLLOW_UP) or outcome == ClosureOutcome.RETURNED:
        add_consent(setting, bulk, ConsentPurpose.SHARE_RETURN_ORGANISATION, decided_on)
    run_steps(rng, setting, bulk)


def add_case(setting, bulk):
    """Queue the case row of ``bulk`` and its timeline: opened, and the decision with the status it led to."""
    case = bulk.row
    setting.add(Case, case)
    add_event(setting, bulk, bulk.worker, EventKind.OPENED.value, case["opened_at"], contact_id=None,
              assigned_to_id=str(bulk.worker))
    if case["trafficking_status"]:
        later = max(case["opened_at"] + timedelta(minutes=1), at_noon(case["decided_on"]) - timedelta(hours=5))
        add_event(setting, bulk, bulk.worker, EventKind.DECISION.value, later,
                  trafficking_status=case["trafficking_status"].value, decided_by=case["decided_by"].value,
                  decided_on=case["decided_on"].isoformat())
        add_event(setting, bulk, bulk.worker, EventKind.STATUS_CHANGED.value, later,
                  previous=CaseStatus.OPEN.value, status=case["status"].value,
                  outcome=case["closure_outcome"].value if case["closure_outcome"] else None)


def run_steps(rng, setting, bulk):
    """Let every feature add its own rows for the case (placements, reflection periods, referrals, returns)."""
    for step in setting.steps:
        step(rng, setting, bulk)


def _course(rng, setting, status, decided_on, today):
    """(started_on, left_on, closed_on, outcome): when the reflection and shelter stay began, the person
    travelled home, and the case closed; a closed case returned home once its follow-ups had time to finish."""
    if status not in LATER or (status == CaseStatus.CLOSED and rng.random() >= caseload.CLOSED_AFTER_STAY):
        return _closed_early(rng, status, decided_on, today)
    if status == CaseStatus.REFLECTION:
        return max(decided_on, today - timedelta(days=rng.randint(0, 120))), None, None, None
    if status == CaseStatus.RETURN:
        return decided_on, None, None, None
    left_on = min(decided_on + timedelta(days=rng.randint(14, 90)), today)
    if status == CaseStatus.FOLLOW_UP:
        return decided_on, left_on, None, None
    closed_on = left_on + relativedelta(months=setting.config.get("REINTEGRATION_MONTHS", 6), days=rng.randint(1, 20))
    if closed_on <= today:
        return decided_on, left_on, closed_on, ClosureOutcome.RETURNED
    closed_on = min(decided_on + timedelta(days=rng.randint(20, 90)), today)
    return decided_on, None, closed_on, rng.choice(OTHER_OUTCOMES)


def _closed_early(rng, status, decided_on, today):
    """A case that never reached a stay: still open, or closed weeks after the decision without one."""
    if status != CaseStatus.CLOSED:
        return None, None, None, None
    return None, None, min(decided_on + timedelta(days=rng.randint(20, 90)), today), rng.choice(OTHER_OUTCOMES)


def next_reference(setting, organisation, opened_at):
    """The organisation's next reference in the year the case opened, counted on from the stored counter."""
    year = local_today(opened_at).year
    key = (organisation.id, year)
    if key not in setting.counters:
        setting.counters[key] = db.session.scalar(select(CaseReferenceCounter.last_number).where(
            CaseReferenceCounter.organisation_id == organisation.id, CaseReferenceCounter.year == year)) or 0
    setting.counters[key] += 1
    return format_reference(organisation.case_prefix, year, setting.counters[key])
