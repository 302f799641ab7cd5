"""Fixtures for shelter tests: an organisation with two shelters, their staff, and cases to place."""

from datetime import date

import pytest
from flask_babel import force_locale

from caseapp.auth.models import Role
from caseapp.cases.services import open_case
from caseapp.shelters.services import assign_staff, create_shelter

from tests.factories import new_person

DAY = date(2026, 3, 1)


@pytest.fixture
def coordinator(org_a, make_user):
    """A coordinator of organisation A."""
    return make_user(org_a, Role.COORDINATOR, locale="en", display_name="Cora Coordinator")


@pytest.fixture
def shelter_one(org_a):
    """A shelter with two beds."""
    return create_shelter(org_a.id, name="Shelter One", capacity=2, address="Secret Street 1")


@pytest.fixture
def shelter_two(org_a):
    """Another shelter of the same organisation."""
    return create_shelter(org_a.id, name="Shelter Two", capacity=3, address="Hidden Road 2")


@pytest.fixture
def staff_one(org_a, make_user, shelter_one):
    """Shelter staff assigned to shelter one only."""
    user = make_user(org_a, Role.SHELTER_STAFF, locale="en", display_name="Stina Staff")
    assign_staff(shelter_one, [user.id])
    return user


@pytest.fixture
def staff_two(org_a, make_user, shelter_two):
    """Shelter staff assigned to shelter two only."""
    user = make_user(org_a, Role.SHELTER_STAFF, locale="en", display_name="Tove Staff")
    assign_staff(shelter_two, [user.id])
    return user


@pytest.fixture
def new_case(org_a, coordinator):
    """Factory: an open case of organisation A for a new person."""

    def factory(given_names="Ioana"):
        person = new_person(org_a, by=coordinator, given_names=given_names)
        return open_case(org_a.id, person, coordinator)

    return factory


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English (outside a request they would be in the default language, Danish)."""
    with force_locale("en"):
        yield
