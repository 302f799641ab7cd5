"""Fixtures for case tests: the outreach worker who holds the cases, and a statement counter."""

import pytest

from caseapp.auth.models import Role
from caseapp.extensions import db
from tests.conftest import recorded_statements
from tests.factories import new_case, new_person


@pytest.fixture
def worker(org_a, make_user):
    """An outreach worker of organisation A."""
    return make_user(org_a, Role.OUTREACH, locale="en", display_name="Maja Worker")


@pytest.fixture
def make_case(org_a, worker):
    """Factory: an open case of the worker's for a new person of organisation A (through tests.factories)."""

    def factory(given_names="Ioana", **options):
        return new_case(new_person(org_a, by=worker, given_names=given_names), by=worker, **options)

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
