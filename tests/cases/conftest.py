"""Fixtures for case tests: the outreach worker who holds the cases, and a statement counter."""

import pytest

from caseapp.auth.models import Role
from caseapp.extensions import db
from tests.conftest import recorded_statements


@pytest.fixture
def worker(org_a, make_user):
    """An outreach worker of organisation A."""
    return make_user(org_a, Role.OUTREACH, locale="en", display_name="Maja Worker")


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
