"""Fixtures for reflection tests: identified cases of organisation A and the configured lengths."""

from datetime import date

import pytest
from flask_babel import force_locale

from caseapp.auth.models import Role
from caseapp.cases.services import open_case, record_decision
from caseapp.reflection.periods import Lengths

from tests.factories import new_person

LENGTHS = Lengths(usual=100, maximum=120)
TODAY = date(2026, 6, 1)


@pytest.fixture
def staff(org_a, make_user):
    """A shelter coordinator-like case worker of organisation A (a coordinator sees every case)."""
    return make_user(org_a, Role.COORDINATOR, locale="en", display_name="Rita Reflection")


@pytest.fixture
def identified_case(org_a, staff):
    """Factory: a case whose person has been identified by the Danish Immigration Service."""

    def factory(given_names="Ioana"):
        person = new_person(org_a, by=staff, given_names=given_names)
        case = open_case(org_a.id, person, staff)
        record_decision(case, staff, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                        decided_on=date(2026, 1, 2), version=case.version)
        return case

    return factory


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English (outside a request they would be in the default language, Danish)."""
    with force_locale("en"):
        yield
