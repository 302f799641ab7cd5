"""Throttling and lockout: 429 with Retry-After, lockout after repeated failures, no hint of existence."""

from datetime import timedelta

from sqlalchemy import select

from caseapp.audit.models import AuditEntry
from caseapp.auth.models import Role
from caseapp.auth.passwords import verify_password
from caseapp.core.models import utcnow
from caseapp.extensions import db
from tests.conftest import PASSWORD, csrf_token, login, post_form


def _attempt(client, email, password="wrong-password-123", token=None):
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_too_many_attempts_from_one_address_get_429_with_retry_after(client, app, monkeypatch):
    """The eleventh sign-in POST within a minute is refused with 429 and Retry-After."""
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN_ACCOUNT", "100 per minute")
    token = csrf_token(client)
    statuses = [_attempt(client, f"user{n}@example.org", token=token).status_code for n in range(11)]
    assert statuses[:10] == [200] * 10
    refused = _attempt(client, "another@example.org", token=token)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0


def test_attempts_on_one_account_are_limited_across_addresses(app, monkeypatch):
    """Per-account limit: five tries on one email, even from different clients, then 429."""
    statuses = []
    for n in range(6):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        statuses.append(_attempt(client, "target@example.org", token=csrf_token(client)).status_code)
    assert statuses[:5] == [200] * 5 and statuses[5] == 429


def test_account_locks_after_repeated_failures_even_for_the_right_password(app, org_a, make_user, monkeypatch):
    """After five wrong passwords the right one fails too, with the same generic message."""
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN_ACCOUNT", "100 per minute")
    user = make_user(org_a, locale="en")
    for n in range(5):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.1.{n + 1}"
        _attempt(client, user.email, token=csrf_token(client))
    db.session.refresh(user)
    assert user.locked_until is not None
    fresh = app.test_client()
    fresh.environ_base.update(REMOTE_ADDR="10.0.1.99", HTTP_ACCEPT_LANGUAGE="en")
    page = login(fresh, user.email).get_data(as_text=True)
    assert "The email or password is not correct." in page
    assert fresh.get("/home").status_code == 302


def test_lockout_ends_after_the_cool_down(client, org_a, make_user):
    """A lock that has passed its cool-down no longer stops the user."""
    user = make_user(org_a)
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.flush()
    login(client, user.email)
    assert client.get("/home").status_code == 200


def test_admin_unlocks_a_locked_account(app, org_a, make_user):
    """The admin's unlock lets the user in at once."""
    user = make_user(org_a)
    user.locked_until = utcnow() + timedelta(minutes=10)
    db.session.flush()
    admin_client = app.test_client()
    login(admin_client, make_user(org_a, Role.ADMIN).email)
    post_form(admin_client, f"/admin/users/{user.id}/unlock", {"version": user.version}, token_from="/admin/users")
    client = app.test_client()
    login(client, user.email, PASSWORD)
    assert client.get("/home").status_code == 200


def _wrong_current_password(client):
    new = "violet-harbour-lantern"
    return post_form(client, "/account/password",
                     {"current_password": "wrong-password-123", "new_password": new, "confirm": new})


def test_wrong_current_passwords_lock_the_account_like_wrong_sign_ins(app, org_a, make_user):
    """Five wrong current passwords on the account page lock the account and are audited as failed sign-ins."""
    user = make_user(org_a, locale="en")
    client = app.test_client()
    login(client, user.email)
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        assert "The current password is not correct." in _wrong_current_password(client).get_data(as_text=True)
    db.session.refresh(user)
    assert user.locked_until is not None
    failures = db.session.scalars(select(AuditEntry.actor_id).where(AuditEntry.action == "sign_in.failure")).all()
    assert failures == [user.id] * app.config["LOCKOUT_THRESHOLD"]
    fresh = app.test_client()
    fresh.environ_base["REMOTE_ADDR"] = "10.0.2.99"
    login(fresh, user.email)
    assert fresh.get("/home").status_code == 302


def test_wrong_sign_ins_and_wrong_current_passwords_share_one_count(app, org_a, make_user, monkeypatch):
    """Four wrong sign-ins and then one wrong current password lock the account, as five wrong sign-ins do."""
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN_ACCOUNT", "100 per minute")
    user = make_user(org_a, locale="en")
    client = app.test_client()
    login(client, user.email)
    for n in range(app.config["LOCKOUT_THRESHOLD"] - 1):
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = f"10.0.3.{n + 1}"
        _attempt(other, user.email, token=csrf_token(other))
    db.session.refresh(user)
    assert user.locked_until is None
    _wrong_current_password(client)
    db.session.refresh(user)
    assert user.locked_until is not None


def test_a_locked_account_cannot_change_its_password_even_with_the_right_one(client, org_a, make_user):
    """While locked, the account page refuses the right current password too, as sign-in does."""
    user = make_user(org_a, locale="en")
    login(client, user.email)
    user.locked_until = utcnow() + timedelta(minutes=10)
    db.session.flush()
    new = "violet-harbour-lantern"
    page = post_form(client, "/account/password", {"current_password": PASSWORD, "new_password": new, "confirm": new})
    assert "The current password is not correct." in page.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)
