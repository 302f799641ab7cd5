"""The system administrator manages organisations."""

import re

from sqlalchemy import select

from caseapp.auth.models import Role, User
from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from tests.conftest import login, post_form


def _sysadmin(client, make_user):
    login(client, make_user(None, Role.SYSADMIN, locale="en").email)


def test_sysadmin_creates_an_organisation(client, make_user):
    """A new organisation appears in the list."""
    _sysadmin(client, make_user)
    post_form(client, "/organisations/new", {"name": "Lysglimt", "kind": "ngo"})
    assert "Lysglimt" in client.get("/organisations/").get_data(as_text=True)


def test_duplicate_organisation_name_is_refused(client, make_user, org_a):
    """Names are unique whatever their case."""
    _sysadmin(client, make_user)
    page = post_form(client, "/organisations/new", {"name": "organisation a", "kind": "ngo"})
    assert "An organisation with this name already exists." in page.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Organisation.id))) == 1


def test_sysadmin_creates_the_first_admin_of_an_organisation(client, make_user, org_a):
    """The new admin belongs to that organisation and gets a temporary password."""
    _sysadmin(client, make_user)
    page = post_form(client, f"/organisations/{org_a.id}/admins/new",
                     {"email": "first.admin@example.org", "display_name": "First Admin", "locale": "en"})
    assert re.search(r'id="temporary-password">[^<]+<', page.get_data(as_text=True))
    admin = db.session.scalar(select(User).where(User.email == "first.admin@example.org"))
    assert (admin.role, admin.organisation_id, admin.must_change_password) == (Role.ADMIN, org_a.id, True)


def test_organisation_admins_cannot_manage_organisations(client, make_user, org_a):
    """Organisation management is for the system administrator only."""
    login(client, make_user(org_a, Role.ADMIN).email)
    assert client.get("/organisations/").status_code == 403
    assert client.get("/organisations/new").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    """Pages behind sign-in redirect anonymous visitors to the login page."""
    for path in ("/home", "/organisations/", "/admin/users", "/shelters/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
