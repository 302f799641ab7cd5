"""Fixtures for referral tests: an outreach NGO with a consenting person, and a shelter operator."""

import pytest
from flask_babel import force_locale

from caseapp.auth.models import Role
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import give_consent, open_case
from caseapp.orgs.models import OrganisationKind
from caseapp.shelters.services import assign_staff, create_shelter

from tests.factories import new_person


@pytest.fixture
def operator(make_org):
    """A shelter operator with one shelter."""
    organisation = make_org("Tryghus Test", kind=OrganisationKind.SHELTER_OPERATOR)
    create_shelter(organisation.id, name="Safe One", capacity=4, address="Hemmelig Vej 3")
    return organisation


@pytest.fixture
def outreach(org_a, make_user):
    """An outreach worker of the referring NGO."""
    return make_user(org_a, Role.OUTREACH, locale="en", display_name="Olga Outreach")


@pytest.fixture
def receiver(operator, make_user):
    """Shelter staff of the operator, assigned to its shelter."""
    from caseapp.shelters.services import list_shelters
    user = make_user(operator, Role.SHELTER_STAFF, locale="en", display_name="Rasmus Receiver")
    assign_staff(list_shelters(operator.id)[0], [user.id])
    return user


@pytest.fixture
def sending_case(org_a, outreach):
    """Factory: a case of the NGO for a person with names, alias and phone; with consent unless told not to."""

    def factory(consent=True):
        person = new_person(org_a, by=outreach, given_names="Maria", family_name="Popescu", aliases=["Mimi"],
                            phones=["+40 744 555 666"], citizenship=["RO"], languages=["ro"], birth_year=1999)
        case = open_case(org_a.id, person, outreach)
        if consent:
            give_consent(case, outreach, ConsentPurpose.SHARE_OTHER_ORGANISATION)
        return case

    return factory


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English (outside a request they would be in the default language, Danish)."""
    with force_locale("en"):
        yield
