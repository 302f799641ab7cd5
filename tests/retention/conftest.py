"""Fixtures for retention tests: a canary person with a full history, and closed cases."""

from datetime import UTC, date, datetime

import pytest

from caseapp.auth.models import Role
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import DecisionBody, Exploitation, TraffickingStatus
from caseapp.cases.services import add_note, change_status, give_consent, open_case, record_decision
from caseapp.contacts.models import PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.extensions import db
from caseapp.persons.models import Gender
from caseapp.persons.services import PersonData, create_person

CANARY_NAME = "Zyxerasia"
CANARY_ALIAS = "Quorblette"
CANARY_PHONE = "+40 711 222 333"
CANARY_NOTE = "Erasenote-91c4"
CANARY_DOB = date(2001, 2, 3)
# Every canary in the forms it may be stored or searched in.
NEEDLES = [CANARY_NAME, CANARY_ALIAS, CANARY_NOTE, "711222333", "+40711222333", "2001-02-03"]


@pytest.fixture
def coordinator(org_a, make_user):
    """A coordinator of organisation A."""
    return make_user(org_a, Role.COORDINATOR, locale="en", display_name="Cora Coordinator")


@pytest.fixture
def make_person(org_a, coordinator):
    """Factory: a person of organisation A (by default the canary, with every field filled)."""

    def factory(**fields):
        data = PersonData(given_names=CANARY_NAME, family_name=CANARY_NAME, aliases=[CANARY_ALIAS],
                          date_of_birth=CANARY_DOB, gender=Gender.FEMININE, citizenship=["NG"],
                          languages=["en"], phones=[CANARY_PHONE], identity_document=CANARY_NOTE,
                          address=CANARY_NOTE, notes=CANARY_NOTE)
        for name, value in fields.items():
            setattr(data, name, value)
        return create_person(org_a.id, coordinator.id, data)

    return factory


@pytest.fixture
def make_case(org_a, coordinator):
    """Factory: a case of ``person`` opened on ``opened``, identified, and closed on ``closed_on`` if given."""

    def factory(person, *, opened=date(2020, 3, 1), decided_on=date(2020, 5, 1), closed_on=None,
                exploitation=(Exploitation.SEXUAL,)):
        case = open_case(org_a.id, person, coordinator, exploitation=exploitation)
        case.opened_at = datetime(opened.year, opened.month, opened.day, 12, tzinfo=UTC)
        db.session.flush()
        record_decision(case, coordinator, trafficking_status=TraffickingStatus.ACTUAL,
                        decided_by=DecisionBody.CMM, decided_on=decided_on, version=case.version)
        if closed_on:
            change_status(case, coordinator, CaseStatus.CLOSED, case.version, outcome="returned",
                          closed_on=closed_on)
        return case

    return factory


@pytest.fixture
def canary(org_a, coordinator, make_person, make_case):
    """The canary person with a closed case carrying a note and a consent, and a contact with a note."""
    person = make_person()
    case = make_case(person)
    add_note(case, coordinator, CANARY_NOTE)
    give_consent(case, coordinator, "keep_data", date(2020, 3, 2))
    log_contact(org_a.id, coordinator.id, ContactData(occurred_at=datetime(2020, 2, 1, tzinfo=UTC),
                                                      place_type=PlaceType.STREET, note=CANARY_NOTE),
                person=person)
    change_status(case, coordinator, CaseStatus.CLOSED, case.version, outcome="returned",
                  closed_on=date(2021, 6, 30))
    return person
