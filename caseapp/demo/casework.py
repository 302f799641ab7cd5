"""Demo contacts and cases for the fake persons, spread over every case status."""

import random
from datetime import date, timedelta

from caseapp.cases import services as cases
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import ConsentPurpose, DecisionBody, Exploitation
from caseapp.contacts.models import Indicator, PlaceType, Service
from caseapp.contacts.municipalities import MUNICIPALITIES
from caseapp.contacts.services import ContactData, log_contact
from caseapp.core.models import utcnow
from caseapp.extensions import db

# How far along the lifecycle a demo case gets, and the path it takes there.
PATHS = {
    CaseStatus.OPEN: [],
    CaseStatus.NOT_VICTIM: ["not_victim"],
    CaseStatus.IDENTIFIED: ["identified"],
    CaseStatus.REFLECTION: ["identified", CaseStatus.REFLECTION],
    CaseStatus.RETURN: ["identified", CaseStatus.REFLECTION, CaseStatus.RETURN],
    CaseStatus.FOLLOW_UP: ["identified", CaseStatus.REFLECTION, CaseStatus.RETURN, CaseStatus.FOLLOW_UP],
    CaseStatus.CLOSED: ["identified", CaseStatus.REFLECTION, CaseStatus.CLOSED],
}
ANONYMOUS_CONTACTS_PER_PERSON = 0.5


def add_demo_casework(persons, seed):
    """Log contacts for ``persons`` (and some anonymous ones) and open cases in every status; flushes only."""
    rng = random.Random(seed)  # nosec B311 - reproducible fake demo data, not a secret
    statuses = list(PATHS)
    for index, person in enumerate(persons):
        worker = _worker(person.organisation_id, rng)
        for _ in range(rng.randint(1, 3)):
            log_contact(person.organisation_id, worker.id, _contact(rng), person=person)
        if rng.random() < ANONYMOUS_CONTACTS_PER_PERSON:
            log_contact(person.organisation_id, worker.id, _contact(rng))
        if index % 3 != 2:
            _case_in(statuses[index % len(statuses)], person, worker, rng)
    db.session.flush()


def _worker(organisation_id, rng):
    workers = cases.case_workers(organisation_id)
    return rng.choice(workers)


def _contact(rng):
    when = utcnow() - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
    return ContactData(
        occurred_at=when, place_type=rng.choice(list(PlaceType)), municipality=rng.choice(MUNICIPALITIES[:20]),
        language=rng.choice(["ro", "bg", "en", "th", "es", "da"]), interpreter_used=rng.random() < 0.3,
        indicators=[i.value for i in rng.sample(list(Indicator), rng.randint(0, 4))],
        services=[s.value for s in rng.sample(list(Service), rng.randint(1, 2))],
        note=rng.choice([None, "Talked briefly; will come back next week.", "Gave leaflet in her language."]),
    )


def _case_in(status, person, worker, rng):
    """Open a case for ``person`` and walk it along the path to ``status``."""
    exploitation = [rng.choice([Exploitation.SEXUAL, Exploitation.SEXUAL, Exploitation.FORCED_LABOUR]).value]
    case = cases.open_case(person.organisation_id, person, worker, exploitation=exploitation)
    for step in PATHS[status]:
        if step in ("identified", "not_victim"):
            decision = "NotAVictimOfTrafficking" if step == "not_victim" else rng.choice(
                ["ActualVictimOfTrafficking", "PossibleVictimOfTrafficking"])
            cases.record_decision(case, worker, trafficking_status=decision,
                                  decided_by=rng.choice(list(DecisionBody)).value,
                                  decided_on=date.today() - timedelta(days=rng.randint(20, 200)),
                                  version=case.version)
            continue
        if step == CaseStatus.RETURN:
            cases.give_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
        outcome = rng.choice(["returned", "residence_permit", "lost_contact"]) if step == CaseStatus.CLOSED else None
        cases.change_status(case, worker, step, case.version, outcome=outcome)
    return case

