"""Fixtures for case tests: a person with an open case, and a statement counter."""

import pytest

from caseapp.auth.models import Role
from caseapp.cases.services import open_case
from caseapp.extensions import db
from caseapp.persons.services import PersonData, create_person
from tests.conftest import recorded_statements


@pytest.fixture
def worker(org_a, make_user):
    """An outreach worker of organisation A."""
    return make_user(org_a, Role.OUTREACH, locale="en", display_name="Maja Worker")


@pytest.fixture
def make_case(org_a, worker):
    """Factory: an open case for a new person of organisation A."""

    def factory(given_names="Ioana", **kwargs):
        person = create_person(org_a.id, worker.id, PersonData(given_names=given_names))
        return open_case(org_a.id, person, worker, **kwargs)

    return factory


@pytest.fixture
def count_statements(app):
    """Call ``count_statements(fn)`` to get how many SQL statements ``fn`` ran."""

    def counter(fn):
        with app.app_context():
            engine = db.engine
        with recorded_statements(engine) as statements:
            fn()
        return len(statements)

    return counter
