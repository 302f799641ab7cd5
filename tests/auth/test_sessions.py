"""Server-side sessions: revocation, timeouts, and the user's own session list."""

import re
from datetime import timedelta

from sqlalchemy import select

from caseapp.auth.models import Role, UserSession
from caseapp.extensions import db
from tests.conftest import PASSWORD, login, post_form


def _signed_in(app, user):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, user.email)
    return client


def test_idle_session_times_out(app, org_a, make_user):
    """After 15 idle minutes the next request asks for sign-in again."""
    user = make_user(org_a)
    client = _signed_in(app, user)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.last_seen_at -= timedelta(minutes=16)
    db.session.flush()
    assert client.get("/home").status_code == 302


def test_session_ends_after_its_absolute_lifetime_even_when_active(app, org_a, make_user):
    """A session older than 8 hours ends even if it was used a minute ago."""
    user = make_user(org_a)
    client = _signed_in(app, user)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.created_at -= timedelta(hours=8, minutes=1)
    db.session.flush()
    assert client.get("/home").status_code == 302


def test_logout_revokes_the_server_side_session(app, org_a, make_user):
    """A copied session cookie is useless after logout."""
    user = make_user(org_a)
    client = _signed_in(app, user)
    stolen = client.get_cookie("caseapp_session").value
    post_form(client, "/logout", {}, token_from="/home")
    thief = app.test_client()
    thief.set_cookie("caseapp_session", stolen)
    assert thief.get("/home").status_code == 302


def test_password_change_ends_the_other_sessions(app, org_a, make_user):
    """Changing the password signs out every other browser, not this one."""
    user = make_user(org_a)
    phone, laptop = _signed_in(app, user), _signed_in(app, user)
    new = "violet-harbour-lantern"
    post_form(laptop, "/account/password", {"current_password": PASSWORD, "new_password": new, "confirm": new})
    assert laptop.get("/home").status_code == 200
    assert phone.get("/home").status_code == 302


def test_user_sees_and_ends_own_sessions(app, org_a, make_user):
    """The sessions page lists both browsers; ending the other one signs it out."""
    user = make_user(org_a)
    phone, laptop = _signed_in(app, user), _signed_in(app, user)
    page = laptop.get("/account/sessions").get_data(as_text=True)
    ids = re.findall(r'name="session_id" value="([0-9a-f-]{36})"', page)
    assert len(ids) == 2 and page.count("this browser") == 1
    phone_id = next(i for i in ids if i != _session_id(laptop))
    post_form(laptop, "/account/sessions/end", {"session_id": phone_id}, token_from="/account/sessions")
    assert phone.get("/home").status_code == 302
    assert laptop.get("/home").status_code == 200


def test_a_user_cannot_end_someone_elses_session(app, org_a, make_user):
    """Ending a session id of another user is refused with 404."""
    victim, attacker = make_user(org_a), make_user(org_a)
    victim_client, attacker_client = _signed_in(app, victim), _signed_in(app, attacker)
    victim_session = db.session.scalar(select(UserSession.id).where(UserSession.user_id == victim.id))
    response = post_form(attacker_client, "/account/sessions/end", {"session_id": str(victim_session)},
                         token_from="/account/sessions")
    assert response.status_code == 404
    assert victim_client.get("/home").status_code == 200


def test_deactivation_ends_sessions_at_once(app, org_a, make_user):
    """A deactivated user's open browser is signed out on its next request."""
    user = make_user(org_a)
    client = _signed_in(app, user)
    admin_client = _signed_in(app, make_user(org_a, Role.ADMIN))
    post_form(admin_client, f"/admin/users/{user.id}/deactivate", {"version": user.version, "confirm": "y"},
              token_from="/admin/users")
    assert client.get("/home").status_code == 302


def _session_id(client):
    """The server-side session id held in the client's cookie."""
    with client.session_transaction() as stored:
        return stored.get("sid")
