"""The receiving organisation's records of a person referred to it in the bulk demo: a person of its own
(only the shared fields) and a case that follows the person's stay there."""

import uuid

from sqlalchemy import select

from caseapp.auth.models import User
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.bulk import at_noon
from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.core.bulk import BulkCase, encrypted_row
from caseapp.demo.bulk_casework import add_case, next_reference, run_steps
from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from caseapp.persons.models import Gender, Person

# What a referral can share, and what the receiver's person has when it was not shared (rows of one bulk
# insert need the same columns).
SECRETS = ("given_names", "family_name", "date_of_birth", "identity_document", "address", "notes")
PLAIN = {"gender": Gender.NOT_SPECIFIED, "birth_year": None, "citizenship": "", "languages": ""}
BLIND = {"full_name_bidx": ("given_names", "family_name"), "given_names_birth_year_bidx": ("given_names", "birth_year")}


def receive_case(rng, setting, case, organisation_id, fields):
    """The receiver's person and case for ``case`` (a BulkCase), opened the day the stay began; steps run on it."""
    organisation, workers = setting.remember(("receiver", organisation_id), lambda: _receiver(organisation_id))
    worker = rng.choice(workers)
    person_id = _person(setting, case, organisation_id, worker, set(fields))
    status, closed_on, outcome = _status(case)
    opened_at = at_noon(case.started_on).replace(hour=9)
    row = {**case.row, "id": uuid.uuid4(), "organisation_id": organisation_id, "person_id": person_id,
           "assigned_to_id": worker, "status": status, "opened_at": opened_at,
           "reference": next_reference(setting, organisation, opened_at), "closed_on": closed_on,
           "closure_outcome": outcome}
    received = BulkCase(row, started_on=case.started_on, left_on=case.left_on)
    add_case(setting, received)
    run_steps(rng, setting, received)
    return received


def _status(case):
    """In the shelter until the person travels home or the sending case closes."""
    if case.left_on is not None:
        return CaseStatus.CLOSED, case.left_on, ClosureOutcome.RETURNED
    if case.row["closed_on"] is not None:
        return CaseStatus.CLOSED, case.row["closed_on"], case.row["closure_outcome"]
    return CaseStatus.REFLECTION, None, None


def _person(setting, case, organisation_id, worker, fields):
    plain, secrets = setting.people[case.row["person_id"]]
    person_id = uuid.uuid4()
    row = {"id": person_id, "organisation_id": organisation_id, "created_by_id": worker, "version": 1,
           "created_at": at_noon(case.started_on)}
    row.update({column: plain[column] if column in fields else empty for column, empty in PLAIN.items()})
    row.update({column: plain[column] if fields.issuperset(needs) else None for column, needs in BLIND.items()})
    shared = {name: secrets[name] if name in fields else None for name in SECRETS}
    setting.add(Person, encrypted_row(Person, row, shared, setting.keyring))
    return person_id


def _receiver(organisation_id):
    organisation = db.session.get(Organisation, organisation_id)
    workers = db.session.scalars(select(User.id).where(User.organisation_id == organisation_id,
                                                       User.role.in_(CASE_WORKER_ROLES)).order_by(User.email)).all()
    return organisation, workers
