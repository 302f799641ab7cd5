"""Every page of the menu runs as many SQL statements for six of everything as for two.

The pages are found by walking each role's navigation, so a page a feature
adds later is counted too. Between the two counts every kind of row the
lists show grows: cases, contacts, reflection periods, referrals, returns.
"""

from datetime import date

import pytest

from caseapp.auth.models import Role
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import give_consent
from caseapp.orgs.models import OrganisationKind
from caseapp.referrals.services import request_referral
from caseapp.reflection.periods import Lengths
from caseapp.reflection.services import start_period
from caseapp.returns.organisations import add_return_organisation
from caseapp.returns.services import refer
from caseapp.shelters.services import create_shelter
from tests.conftest import login, recorded_statements
from tests.factories import new_case, new_contact
from tests.perf.navigation import nav_paths

LENGTHS = Lengths(usual=100, maximum=120)


@pytest.fixture
def grow(org_a, make_org, make_user):
    """Call ``grow(n)`` to add n cases of each kind (with contacts) to organisation A."""
    worker = make_user(org_a, Role.COORDINATOR, locale="en")
    operator = make_org("Operator", kind=OrganisationKind.SHELTER_OPERATOR)
    create_shelter(operator.id, name="Safe", capacity=4, address="Hemmelig Vej 1")
    iom = add_return_organisation("IOM")

    def grow(count):
        for _ in range(count):
            new_contact(org_a, by=worker)
            new_case(by=worker)
            reflecting = new_case(by=worker, decided_on=date(2026, 1, 5))
            start_period(reflecting, worker, LENGTHS, decided_on=date(2026, 1, 6), decided_by="dis",
                         today=date(2026, 2, 1), version=reflecting.version)
            referred = new_case(by=worker)
            give_consent(referred, worker, ConsentPurpose.SHARE_OTHER_ORGANISATION)
            request_referral(referred, worker, operator, ["birth_year"])
            returning = new_case(by=worker, decided_on=date(2026, 1, 5))
            give_consent(returning, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
            refer(returning, worker, iom, fields=[], country="RO")
        return worker

    return grow


def _counts(client, paths):
    counts = {}
    for path in paths:
        with recorded_statements() as statements:
            assert client.get(path).status_code == 200, path
        counts[path] = len(statements)
    return counts


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.OUTREACH])
def test_every_menu_page_runs_a_fixed_number_of_statements(client, org_a, make_user, grow, role):
    """Each page in the role's menu: the same number of statements with 2 and with 6 of every kind of row."""
    grow(2)
    user = make_user(org_a, role, locale="en")
    login(client, user.email)
    paths = nav_paths(client)
    assert len(paths) >= 4, paths
    few = _counts(client, paths)
    grow(4)
    assert _counts(client, paths) == few
