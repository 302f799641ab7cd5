"""Shelters belong to one organisation."""

from caseapp.auth.models import Role
from caseapp.shelters.services import create_shelter
from tests.conftest import login, post_form


def test_admin_adds_a_shelter_that_staff_see(client, org_a, make_user):
    """A shelter added by the admin is listed for the organisation's staff."""
    login(client, make_user(org_a, Role.ADMIN, locale="en").email)
    post_form(client, "/shelters/new", {"name": "Harbour House", "capacity": "6", "active": "y"})
    post_form(client, "/logout", {}, token_from="/home")
    login(client, make_user(org_a, Role.SHELTER_STAFF, locale="en").email)
    assert "Harbour House · 6 beds" in client.get("/shelters/").get_data(as_text=True)


def test_negative_capacity_is_refused_with_a_message(client, org_a, make_user):
    """A negative number of beds is refused and nothing is added."""
    login(client, make_user(org_a, Role.ADMIN, locale="en").email)
    page = post_form(client, "/shelters/new", {"name": "Harbour House", "capacity": "-1"}).get_data(as_text=True)
    assert "Nothing was saved" in page
    assert "Harbour House" not in client.get("/shelters/").get_data(as_text=True)


def test_other_organisations_shelters_are_not_listed(client, org_a, org_b, make_user):
    """Staff never see another organisation's shelters."""
    create_shelter(org_b.id, name="Hidden Refuge", capacity=4)
    login(client, make_user(org_a, Role.SHELTER_STAFF).email)
    assert "Hidden Refuge" not in client.get("/shelters/").get_data(as_text=True)


def test_only_admins_add_shelters(client, org_a, make_user):
    """Shelter staff cannot add shelters."""
    login(client, make_user(org_a, Role.SHELTER_STAFF).email)
    assert client.get("/shelters/new").status_code == 403
