"""Signing in and out through the real forms."""

from caseapp.auth.models import Role
from tests.conftest import login, post_form


def test_each_role_lands_on_its_own_home_page(client, org_a, make_user):
    """After sign-in every role sees the heading of its role's home page."""
    headings = {
        Role.OUTREACH: "Outreach", Role.SHELTER_STAFF: "Shelter", Role.COORDINATOR: "Coordination",
        Role.ADMIN: "Administration",
    }
    for role, heading in headings.items():
        user = make_user(org_a, role, locale="en")
        page = login(client, user.email).get_data(as_text=True)
        assert f"<h1>{heading}</h1>" in page
        post_form(client, "/logout", {}, token_from="/home")
