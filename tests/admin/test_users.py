"""Organisation admins manage their own organisation's users."""

import re

from sqlalchemy import select

from caseapp.auth.models import Role, User
from caseapp.extensions import db
from tests.conftest import login, post_form


def _admin_client(client, org, make_user):
    admin = make_user(org, Role.ADMIN, locale="en")
    login(client, admin.email)
    return admin


def test_admin_creates_a_user_who_must_replace_the_temporary_password(client, org_a, make_user):
    """The new user signs in with the once-shown password and is asked to change it."""
    _admin_client(client, org_a, make_user)
    page = post_form(client, "/admin/users/new", {"email": "New.Worker@Example.org", "display_name": "New Worker",
                                                  "role": "outreach", "locale": "en"}).get_data(as_text=True)
    password = re.search(r'id="temporary-password">([^<]+)<', page).group(1)
    post_form(client, "/logout", {}, token_from="/home")
    response = login(client, "new.worker@example.org", password)
    assert "<h1>Change password</h1>" in response.get_data(as_text=True)


def test_invalid_new_user_input_saves_nothing(client, org_a, make_user):
    """A bad email gets a message in the user's language and no user is created."""
    _admin_client(client, org_a, make_user)
    before = db.session.scalar(select(db.func.count(User.id)))
    page = post_form(client, "/admin/users/new", {"email": "not-an-email", "display_name": "X",
                                                  "role": "outreach", "locale": "en"}).get_data(as_text=True)
    assert "Please correct the marked fields. Nothing was saved." in page
    assert db.session.scalar(select(db.func.count(User.id))) == before


def test_duplicate_email_is_refused(client, org_a, make_user):
    """An email already in use cannot be given to a second user."""
    _admin_client(client, org_a, make_user)
    taken = make_user(org_a)
    page = post_form(client, "/admin/users/new", {"email": taken.email.upper(), "display_name": "Copy",
                                                  "role": "outreach", "locale": "en"}).get_data(as_text=True)
    assert "This email cannot be used. Choose another." in page


def test_admin_cannot_create_a_sysadmin(client, org_a, make_user):
    """The sysadmin role is not on offer to organisation admins."""
    _admin_client(client, org_a, make_user)
    post_form(client, "/admin/users/new", {"email": "x@example.org", "display_name": "X",
                                           "role": "sysadmin", "locale": "en"})
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None


def test_deactivated_user_is_signed_out_and_cannot_sign_in(app, org_a, make_user):
    """Deactivation takes effect on the user's open session at once."""
    worker = make_user(org_a, locale="en")
    worker_client, admin_client = app.test_client(), app.test_client()
    login(worker_client, worker.email)
    _admin_client(admin_client, org_a, make_user)
    post_form(admin_client, f"/admin/users/{worker.id}/deactivate", {"version": worker.version, "confirm": "y"},
              token_from="/admin/users")
    assert worker_client.get("/home").status_code == 302
    assert "E-mail eller adgangskode er forkert." in login(worker_client, worker.email).get_data(as_text=True)


def test_reactivated_user_can_sign_in_again(client, org_a, make_user):
    """Reactivation lets the user back in."""
    worker = make_user(org_a)
    worker.active = False
    db.session.flush()
    _admin_client(client, org_a, make_user)
    post_form(client, f"/admin/users/{worker.id}/reactivate", {"version": worker.version},
              token_from="/admin/users")
    db.session.refresh(worker)
    assert worker.active


def test_admin_cannot_deactivate_themselves(client, org_a, make_user):
    """An admin's own account stays active."""
    admin = _admin_client(client, org_a, make_user)
    page = post_form(client, f"/admin/users/{admin.id}/deactivate", {"version": admin.version, "confirm": "y"},
                     token_from="/admin/users", follow_redirects=True).get_data(as_text=True)
    assert "You cannot deactivate your own account." in page
    db.session.refresh(admin)
    assert admin.active


def test_stale_form_is_refused_and_the_other_change_survives(app, org_a, make_user):
    """Two admins act on the same user: the second, based on an old version, is refused."""
    worker = make_user(org_a)
    shown_version = worker.version
    first, second = app.test_client(), app.test_client()
    _admin_client(first, org_a, make_user)
    _admin_client(second, org_a, make_user)
    post_form(first, f"/admin/users/{worker.id}/deactivate", {"version": shown_version, "confirm": "y"},
              token_from="/admin/users")
    page = post_form(second, f"/admin/users/{worker.id}/reset-password", {"version": shown_version},
                     token_from="/admin/users", follow_redirects=True).get_data(as_text=True)
    assert "Someone else changed this record" in page
    db.session.refresh(worker)
    assert worker.active is False
    assert worker.must_change_password is False


def test_reset_password_issues_a_working_temporary_password(client, org_a, make_user):
    """After a reset, the old password fails and the temporary one works."""
    worker = make_user(org_a, locale="en")
    _admin_client(client, org_a, make_user)
    page = post_form(client, f"/admin/users/{worker.id}/reset-password", {"version": worker.version},
                     token_from="/admin/users").get_data(as_text=True)
    password = re.search(r'id="temporary-password">([^<]+)<', page).group(1)
    post_form(client, "/logout", {}, token_from="/home")
    assert "E-mail eller adgangskode er forkert." in login(client, worker.email).get_data(as_text=True)
    assert "<h1>Change password</h1>" in login(client, worker.email, password).get_data(as_text=True)


def test_user_list_shows_only_the_admins_organisation(client, org_a, org_b, make_user):
    """Users of another organisation are not listed."""
    make_user(org_a, email="mine@example.org")
    make_user(org_b, email="theirs@example.org")
    _admin_client(client, org_a, make_user)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "mine@example.org" in page
    assert "theirs@example.org" not in page


def test_non_admin_roles_cannot_manage_users(client, org_a, make_user):
    """Outreach, shelter staff and coordinators get 403 on user management."""
    for role in (Role.OUTREACH, Role.SHELTER_STAFF, Role.COORDINATOR):
        login(client, make_user(org_a, role).email)
        assert client.get("/admin/users").status_code == 403
        post_form(client, "/logout", {}, token_from="/home")
