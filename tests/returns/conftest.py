"""Fixtures for return tests: a return organisation, a worker of organisation A and identified cases."""

from datetime import date

import pytest
from flask_babel import force_locale

from caseapp.auth.models import Role
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import give_consent, open_case, record_decision
from caseapp.returns.models import PackField
from caseapp.returns.organisations import add_return_organisation
from caseapp.returns.services import refer

from tests.conftest import form_tokens
from tests.factories import new_person


def post_on_page(client, page, action, prefix, data):
    """POST one form of ``page`` (its fields named ``prefix-...``) to ``action``, as a browser would."""
    tokens = form_tokens(client, page)
    return client.post(action, data={f"{prefix}-csrf_token": tokens["csrf_token"],
                                     **{f"{prefix}-{name}": value for name, value in data.items()}})


@pytest.fixture
def iom():
    """The return organisation IOM."""
    return add_return_organisation("IOM")


@pytest.fixture
def worker(org_a, make_user):
    """An outreach worker of organisation A, in English."""
    return make_user(org_a, Role.OUTREACH, locale="en", display_name="Olga Outreach")


@pytest.fixture
def identified_case(org_a, worker):
    """Factory: an identified case of a Romanian person, with the consent to share with the return organisation."""

    def factory(consent=True, **person_fields):
        fields = {"given_names": "Ștefania", "family_name": "Țăranu", "citizenship": ["RO"], **person_fields}
        case = open_case(org_a.id, new_person(org_a, by=worker, **fields), worker)
        record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                        decided_on=date(2026, 1, 2), version=case.version)
        if consent:
            give_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
        return case

    return factory


@pytest.fixture
def referred(identified_case, worker, iom):
    """Factory: a return referred to IOM for a new identified case (``fields``: what the consent covers)."""

    def factory(fields=tuple(PackField), **person_fields):
        case = identified_case(**person_fields)
        return refer(case, worker, iom, fields=list(fields), country="RO", region="Iași")

    return factory


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English (outside a request they would be in the default language, Danish)."""
    with force_locale("en"):
        yield
