"""Signing in and out through the real forms."""

from caseapp.auth.models import Role
from caseapp.extensions import db
from tests.conftest import CSRF_RE, PASSWORD, login, post_form

GENERIC_FAILURE = "The email or password is not correct."
EN = {"Accept-Language": "en"}


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


def test_sysadmin_lands_on_system_administration(client, make_user):
    """The system administrator's home is the system administration page."""
    user = make_user(None, Role.SYSADMIN, locale="en")
    assert "<h1>System administration</h1>" in login(client, user.email).get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_message(client, org_a, make_user):
    """Failure never tells whether the email exists: both answers are identical."""
    user = make_user(org_a, locale="en")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    wrong = login(client, user.email, "not-the-password-at-all")
    unknown = login(client, "nobody@example.org", "not-the-password-at-all")
    assert GENERIC_FAILURE in wrong.get_data(as_text=True)

    def page(response, email):
        # The CSRF token carries its signing time in seconds, so it differs across a second boundary.
        return CSRF_RE.sub("", response.get_data(as_text=True).replace(email, ""))

    assert page(wrong, user.email) == page(unknown, "nobody@example.org")


def test_deactivated_user_cannot_sign_in(client, org_a, make_user):
    """A deactivated account gets the generic failure, not a home page."""
    user = make_user(org_a)
    user.active = False
    db.session.flush()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert GENERIC_FAILURE in login(client, user.email).get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, org_a, make_user):
    """A sign-in POST without the CSRF token does not sign anyone in."""
    user = make_user(org_a)
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert client.get("/home").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client, org_a, make_user):
    """The session cookie cannot be read by scripts nor sent cross-site."""
    user = make_user(org_a)
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("caseapp_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_signed_in_pages_are_not_cached(client, org_a, make_user):
    """Pages behind sign-in carry Cache-Control: no-store."""
    login(client, make_user(org_a).email)
    assert client.get("/home").headers["Cache-Control"] == "no-store"


def test_logout_ends_the_session(client, org_a, make_user):
    """After signing out the home page asks for sign-in again."""
    login(client, make_user(org_a).email)
    post_form(client, "/logout", {}, token_from="/home")
    response = client.get("/home")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logout_by_get_is_not_allowed(client, org_a, make_user):
    """A link or image cannot sign a user out: logout only accepts POST."""
    login(client, make_user(org_a).email)
    assert client.get("/logout").status_code == 405
    assert client.get("/home").status_code == 200


def test_temporary_password_forces_a_change_first(client, org_a, make_user):
    """A user with a temporary password is sent to change it before anything else."""
    user = make_user(org_a, must_change_password=True, locale="en")
    login(client, user.email)
    response = client.get("/shelters/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/password")
    new = "a-brand-new-passphrase"
    post_form(client, "/account/password", {"current_password": PASSWORD, "new_password": new, "confirm": new})
    assert client.get("/shelters/").status_code == 200
