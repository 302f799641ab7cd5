"""Each test starts from an empty database, whatever earlier tests committed."""

import pytest
from sqlalchemy import select

from caseapp.auth.models import Role
from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from tests.conftest import login, post_form


@pytest.mark.parametrize("attempt", [1, 2])
def test_a_committed_organisation_does_not_leak_into_the_next_test(client, make_user, attempt):
    """Both runs see no organisation before creating (and committing) one through the UI."""
    assert db.session.scalar(select(Organisation.id)) is None
    login(client, make_user(None, Role.SYSADMIN).email)
    post_form(client, "/organisations/new", {"name": "Committed Org", "kind": "ngo"})
    assert db.session.scalar(select(Organisation.name)) == "Committed Org"
