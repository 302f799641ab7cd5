"""A fixed seeded dataset for the statistics: two organisations in 2025, with known figures.

Organisation A and B together, 2025 (installation scope):

- 12 women from Romania born 1995, sexual exploitation, identified by the police (A);
- 6 men from Nigeria born 2000, forced labour, identified by the Immigration Service (A);
- 2 girls from Nigeria born 2009, sexual exploitation, identified by the Centre against Human Trafficking (A);
- 3 women from Thailand born 1990, presumed victims, contacts in 2025 (A);
- 1 man with a "not a victim" decision (A), 1 woman met only in 2024 (A);
- 5 women from Bulgaria born 1998, sexual exploitation, identified by the police (B);
- "Shared": one woman recorded by A and by B with the same name and date of birth,
  identified by the police in A first, later by the court in B;
- "Referred": one woman referred from A to B; B's record shares only her phone number
  with A's; identified by a court in B.
"""

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from caseapp.auth.models import Role
from caseapp.cases.models import DecisionBody, Exploitation, TraffickingStatus
from caseapp.cases.services import open_case, record_decision
from caseapp.contacts.models import PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.extensions import db
from caseapp.persons.models import Gender

from tests.factories import new_person

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
_serial = itertools.count()


@dataclass
class World:
    """The organisations, their coordinators and the persons made."""

    org_a: object
    org_b: object
    coordinator_a: object
    coordinator_b: object
    persons: dict


def add_person(org, worker, *, gender=Gender.FEMININE, born=None, citizenship=("RO",), name=None, phones=(),
               exploitation=(Exploitation.SEXUAL,), opened=date(2025, 2, 1), decision=None, contacts=()):
    """One person with one case opened on ``opened`` and an optional decision (status, body, day)."""
    serial = next(_serial)
    given, family = name or (f"Given{serial}", f"Family{serial}")
    person = new_person(org, by=worker, given_names=given, family_name=family, date_of_birth=born, gender=gender,
                        citizenship=list(citizenship), phones=list(phones))
    case = open_case(org.id, person, worker, exploitation=[e.value for e in exploitation])
    case.opened_at = datetime(opened.year, opened.month, opened.day, 10, tzinfo=UTC)
    db.session.flush()
    if decision:
        status, body, day = decision
        record_decision(case, worker, trafficking_status=status, decided_by=body, decided_on=day,
                        version=case.version)
    for day in contacts:
        log_contact(org.id, worker.id, ContactData(occurred_at=datetime(day.year, day.month, day.day, 14, tzinfo=UTC),
                                                   place_type=PlaceType.STREET), person=person)
    return person


ACTUAL = TraffickingStatus.ACTUAL


def build_world(org_a, org_b, make_user):
    """The dataset described at the top of this module."""
    coordinator_a = make_user(org_a, Role.COORDINATOR, locale="en")
    coordinator_b = make_user(org_b, Role.COORDINATOR, locale="en")
    a, b = coordinator_a, coordinator_b
    persons = {}
    persons["ro_women"] = [add_person(org_a, a, born=date(1995, 4, 1), decision=(ACTUAL, DecisionBody.POLICE,
                                                                                 date(2025, 3, 10)))
                           for _ in range(12)]
    persons["ng_men"] = [add_person(org_a, a, gender=Gender.MASCULINE, born=date(2000, 1, 1), citizenship=("NG",),
                                    exploitation=(Exploitation.FORCED_LABOUR,),
                                    decision=(ACTUAL, DecisionBody.DIS, date(2025, 6, 1))) for _ in range(6)]
    persons["ng_girls"] = [add_person(org_a, a, born=date(2009, 1, 1), citizenship=("NG",),
                                      decision=(ACTUAL, DecisionBody.CMM, date(2025, 9, 1))) for _ in range(2)]
    persons["th_presumed"] = [add_person(org_a, a, born=date(1990, 1, 1), citizenship=("TH",), opened=date(2024, 5, 1),
                                         contacts=[date(2025, 7, 1)]) for _ in range(3)]
    persons["not_victim"] = add_person(org_a, a, gender=Gender.MASCULINE, citizenship=("DK",),
                                       decision=(TraffickingStatus.NOT_A_VICTIM, DecisionBody.POLICE, date(2025, 3, 1)))
    persons["only_2024"] = add_person(org_a, a, opened=date(2024, 3, 1), contacts=[date(2024, 4, 1)])
    persons["bg_women"] = [add_person(org_b, b, born=date(1998, 1, 1), citizenship=("BG",),
                                      decision=(ACTUAL, DecisionBody.POLICE, date(2025, 4, 1))) for _ in range(5)]
    shared = ("Ana", "Sharedova")
    persons["shared_a"] = add_person(org_a, a, name=shared, born=date(1996, 5, 5),
                                     decision=(ACTUAL, DecisionBody.POLICE, date(2025, 2, 1)))
    persons["shared_b"] = add_person(org_b, b, name=shared, born=date(1996, 5, 5), opened=date(2025, 8, 1),
                                     decision=(ACTUAL, DecisionBody.COURT, date(2025, 10, 1)))
    persons["referred_a"] = add_person(org_a, a, name=("Maria", "Referova"), born=date(1994, 1, 1),
                                       phones=["+40 722 000 111"], opened=date(2025, 5, 1))
    persons["referred_b"] = add_person(org_b, b, name=("Maria", None), phones=["+40 722 000 111"],
                                       opened=date(2025, 6, 1), decision=(ACTUAL, DecisionBody.COURT, date(2025, 11, 1)))
    db.session.flush()
    return World(org_a, org_b, coordinator_a, coordinator_b, persons)


@pytest.fixture
def world(org_a, org_b, make_user):
    """The fixed dataset of this module's docstring."""
    return build_world(org_a, org_b, make_user)


def cell(document, table_id, row, column):
    """(value, status) of one cell of a release document."""
    table = next(t for t in document["tables"] if t["id"] == table_id)
    found = next(r for r in table["rows"] if r["code"] == row)
    item = next(c for c in found["cells"] if c["column"] == column)
    return item["value"], item["status"]
