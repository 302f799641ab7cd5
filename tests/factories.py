"""Test data made through the real services, so encryption, blind indexes and timelines are real.

Each factory has defaults for everything a test does not care about and
takes keyword overrides for what it does. They flush and never commit.
``by`` is the user who acts: who creates the person, opens the case or
logs the contact.
"""

import uuid
from datetime import UTC, datetime

from caseapp.auth.models import Role
from caseapp.auth.services import create_user
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import DecisionBody, TraffickingStatus
from caseapp.cases.services import change_status, open_case, record_decision
from caseapp.contacts.models import PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.extensions import db
from caseapp.persons.services import PersonData, create_person

PASSWORD = "correct-horse-battery"


def new_user(organisation=None, role=Role.OUTREACH, *, email=None, password=PASSWORD, display_name="Test User",
             **fields):
    """A user of ``organisation`` with ``role``, a unique email and the shared test password."""
    return create_user(email=email or f"user-{uuid.uuid4().hex[:8]}@example.org", display_name=display_name,
                       role=role, password=password, organisation=organisation, **fields)


def new_person(organisation, *, by=None, **fields):
    """A person of ``organisation`` (or its id) named Ioana; ``fields`` are PersonData's, ``given_names=None`` for none."""
    data = PersonData(**{"given_names": "Ioana", **fields})
    return create_person(_id(organisation), by.id if by else None, data)


def new_case(person=None, *, by, opened=None, decided_on=None, closed_on=None, **options):
    """A case of ``person`` (by default a new person of ``by``'s organisation) opened by ``by``.

    ``options`` go to ``open_case`` (``assigned_to``, ``exploitation``).
    ``opened`` backdates the opening to noon that day, ``decided_on``
    records an identification as an actual victim by the CMM, and
    ``closed_on`` closes the case with the outcome "returned".
    """
    person = new_person(by.organisation, by=by) if person is None else person
    case = open_case(person.organisation_id, person, by, **options)
    if opened:
        case.opened_at = datetime(opened.year, opened.month, opened.day, 12, tzinfo=UTC)
        db.session.flush()
    if decided_on:
        record_decision(case, by, trafficking_status=TraffickingStatus.ACTUAL, decided_by=DecisionBody.CMM,
                        decided_on=decided_on, version=case.version)
    if closed_on:
        change_status(case, by, CaseStatus.CLOSED, case.version, outcome="returned", closed_on=closed_on)
    return case


def new_contact(organisation, *, by, person=None, **fields):
    """A street contact of ``organisation`` (or its id) logged now by ``by``; ``fields`` are ContactData's."""
    data = ContactData(**{"occurred_at": datetime.now(UTC), "place_type": PlaceType.STREET, **fields})
    return log_contact(_id(organisation), by.id, data, person=person)


def _id(organisation):
    return getattr(organisation, "id", organisation)
