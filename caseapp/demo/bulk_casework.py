"""Contacts and cases of bulk demo persons: about ten contacts each, cases in every status with their timeline."""

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.cases.models import (Case, CaseEvent, CaseReferenceCounter, Consent, ConsentPurpose, DecisionBody,
                                  EventKind, Exploitation, TraffickingStatus)
from caseapp.cases.references import format_reference
from caseapp.contacts.models import Contact, Indicator, PlaceType, Service
from caseapp.contacts.municipalities import MUNICIPALITIES
from caseapp.core.bulk import encrypted_row
from caseapp.core.clock import local_today
from caseapp.core.models import join_codes
from caseapp.extensions import db

# The statuses a case reaches and the decision on the way there, in turn (two cases for every three persons).
PATHS = {
    CaseStatus.OPEN: None,
    CaseStatus.NOT_VICTIM: TraffickingStatus.NOT_A_VICTIM,
    CaseStatus.IDENTIFIED: TraffickingStatus.ACTUAL,
    CaseStatus.REFLECTION: TraffickingStatus.ACTUAL,
    CaseStatus.RETURN: TraffickingStatus.ACTUAL,
    CaseStatus.FOLLOW_UP: TraffickingStatus.ACTUAL,
    CaseStatus.CLOSED: TraffickingStatus.POSSIBLE,
}
STATUSES = list(PATHS)
NOTES = (None, None, None, "Talked briefly; will come back next week.", "Gave leaflet in her language.")


def add_casework(rng, setting, organisation, person_id):
    """Queue the person's contacts, some anonymous ones, and (for two persons in three) a case."""
    workers = setting.workers[organisation.id]
    times = sorted(setting.now - timedelta(minutes=rng.randint(0, 365 * 1440)) for _ in range(rng.randint(3, 13)))
    for when in times:
        setting.add(Contact, _contact(rng, setting, organisation.id, rng.choice(workers), when, person_id))
    for _ in range(rng.randint(0, 4)):
        when = setting.now - timedelta(minutes=rng.randint(0, 365 * 1440))
        setting.add(Contact, _contact(rng, setting, organisation.id, rng.choice(workers), when, None))
    if rng.randrange(3):
        _case(rng, setting, organisation, person_id, rng.choice(workers), times[0])


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
           "place_type": rng.choice(list(PlaceType)), "municipality": rng.choice(MUNICIPALITIES[:20]),
           "language": rng.choice(["ro", "bg", "en", "th", "es", "da"]), "interpreter_used": rng.random() < 0.3,
           "indicators": join_codes(i.value for i in rng.sample(list(Indicator), rng.randint(0, 4))),
           "services": join_codes(s.value for s in rng.sample(list(Service), rng.randint(1, 2))),
           "created_by_id": worker, "version": 1}
    return encrypted_row(Contact, row, {"note": rng.choice(NOTES)}, setting.keyring)


def _case(rng, setting, organisation, person_id, worker, opened_at):
    status, setting.cases_made = STATUSES[setting.cases_made % len(STATUSES)], setting.cases_made + 1
    decision, today = PATHS[status], local_today(setting.now)
    decided_on = min(local_today(opened_at) + timedelta(days=rng.randint(1, 30)), today) if decision else None
    closed = status == CaseStatus.CLOSED
    case = {"id": uuid.uuid4(), "organisation_id": organisation.id, "person_id": person_id, "assigned_to_id": worker,
            "status": status, "opened_at": opened_at, "reference": _reference(setting, organisation, opened_at),
            "exploitation": rng.choice([Exploitation.SEXUAL, Exploitation.SEXUAL, Exploitation.FORCED_LABOUR]).value,
            "trafficking_status": decision, "decided_by": rng.choice(list(DecisionBody)) if decision else None,
            "decided_on": decided_on, "closure_outcome": ClosureOutcome.RETURNED if closed else None,
            "closed_on": min(decided_on + timedelta(days=60), today) if closed else None, "version": 1}
    setting.add(Case, case)
    for kind, detail, when in _events(case, worker, opened_at):
        setting.add(CaseEvent, encrypted_row(CaseEvent, {
            "id": uuid.uuid4(), "case_id": case["id"], "actor_id": worker, "kind": kind, "detail": detail,
            "occurred_at": when}, {"note": None}, setting.keyring))
    if status in (CaseStatus.RETURN, CaseStatus.FOLLOW_UP):
        setting.add(Consent, {"id": uuid.uuid4(), "case_id": case["id"], "recorded_by_id": worker,
                                   "purpose": ConsentPurpose.SHARE_RETURN_ORGANISATION, "given_on": decided_on})


def _events(case, worker, opened_at):
    """The case's timeline: opened, and the decision with the status it led to."""
    yield EventKind.OPENED.value, {"contact_id": None, "assigned_to_id": str(worker)}, opened_at
    if case["trafficking_status"]:
        later = opened_at + timedelta(days=1)
        yield EventKind.DECISION.value, {"trafficking_status": case["trafficking_status"].value,
                                         "decided_by": case["decided_by"].value,
                                         "decided_on": case["decided_on"].isoformat()}, later
        yield EventKind.STATUS_CHANGED.value, {"previous": CaseStatus.OPEN.value, "status": case["status"].value,
                                               "outcome": None}, later


def _reference(setting, organisation, opened_at):
    """The organisation's next reference in the year the case opened, counted on from the stored counter."""
    year = local_today(opened_at).year
    key = (organisation.id, year)
    if key not in setting.counters:
        setting.counters[key] = db.session.scalar(select(CaseReferenceCounter.last_number).where(
            CaseReferenceCounter.organisation_id == organisation.id, CaseReferenceCounter.year == year)) or 0
    setting.counters[key] += 1
    return format_reference(organisation.case_prefix, year, setting.counters[key])
