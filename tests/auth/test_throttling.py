"""Throttling and sign-in delays: 429 with Retry-After, a growing wait per account and address, no hint of existence."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from caseapp.audit.models import AuditEntry
from caseapp.auth import lockout, twofactor
from caseapp.auth.models import Role, SignInDelay
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


def _from(app, address, lang="en"):
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=lang)
    return client


def _fail(app, email, address, times):
    """``times`` wrong passwords for ``email`` from ``address``; the statuses."""
    client = _from(app, address)
    token = csrf_token(client)
    return [_attempt(client, email, token=token).status_code for _ in range(times)]


def _waits(email):
    """Seconds each address must still wait before trying ``email`` again."""
    db.session.expire_all()
    now = utcnow()
    rows = db.session.scalars(select(SignInDelay).where(SignInDelay.blocked_until > now)).all()
    return sorted(round((row.blocked_until - now).total_seconds()) for row in rows)


@pytest.fixture
def no_account_limit(app, monkeypatch):
    """Lift the per-account rate limit so that only the delays are at work."""
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN_ACCOUNT", "1000 per minute")
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN", "1000 per minute")


def test_repeated_failures_make_that_address_wait_even_with_the_right_password(app, org_a, make_user,
                                                                                no_account_limit):
    """After five wrong passwords from one address, the right one from there gets 429 and how long to wait."""
    user = make_user(org_a, locale="en")
    assert _fail(app, user.email, "10.0.1.1", 5) == [200] * 5
    client = _from(app, "10.0.1.1")
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    # Flask-Limiter raises Retry-After to its own window's end when that comes later.
    assert response.status_code == 429 and int(response.headers["Retry-After"]) >= 30
    assert "Too many failed sign-ins from here. Try again in 30 seconds." in response.get_data(as_text=True)
    assert user.email in response.get_data(as_text=True)  # what was typed is kept
    assert client.get("/home").status_code == 302


def test_failures_elsewhere_never_lock_the_owner_out(app, org_a, make_user, no_account_limit):
    """Someone failing on purpose from another address slows only themselves: the owner signs in as usual."""
    user = make_user(org_a)
    _fail(app, user.email, "198.51.100.7", 9)
    owner = _from(app, "10.0.2.2")
    login(owner, user.email)
    assert owner.get("/home").status_code == 200


def test_the_wait_doubles_with_each_further_failure_up_to_the_maximum(app, org_a, make_user, no_account_limit,
                                                                       monkeypatch):
    """30 s after the fifth failure, then 60 s, 120 s ... never more than LOCKOUT_MAX_DELAY_MINUTES."""
    monkeypatch.setitem(app.config, "LOCKOUT_MAX_DELAY_MINUTES", 3)
    user = make_user(org_a)
    waits = []
    for _ in range(5):
        _fail(app, user.email, "10.0.3.3", 1 if waits else 5)
        waits += _waits(user.email)
        db.session.execute(update(SignInDelay).values(blocked_until=utcnow()))  # as if the wait had passed
    assert waits == [30, 60, 120, 180, 180]


def test_an_unknown_email_is_delayed_exactly_like_a_real_one(app, org_a, make_user, no_account_limit):
    """The delay does not tell whether an account exists."""
    user = make_user(org_a)
    answers = []
    for email, address in ((user.email, "10.0.4.4"), ("nobody@example.org", "10.0.4.5")):
        _fail(app, email, address, 5)
        response = post_form(_from(app, address), "/login", {"email": email, "password": "wrong-password-123"})
        answers.append((response.status_code, "Try again in 30 seconds." in response.get_data(as_text=True)))
    assert answers[0] == answers[1] == (429, True)


def test_wrong_second_factor_codes_count_too(app, org_a, make_user, no_account_limit, monkeypatch):
    """Five wrong authenticator codes make the address wait like five wrong passwords."""
    monkeypatch.setitem(app.config, "TOTP_REQUIRED", True)
    user = make_user(org_a)
    user.totp_secret = twofactor.new_secret()
    db.session.flush()
    client = _from(app, "10.0.5.5")
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    statuses = [post_form(client, "/login/verify", {"code": "000000"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_a_sign_in_forgets_the_failures_of_its_address(app, org_a, make_user, no_account_limit):
    """Four failures, then a sign-in: the next four failures do not make the address wait."""
    user = make_user(org_a)
    _fail(app, user.email, "10.0.6.6", 4)
    login(_from(app, "10.0.6.6"), user.email)
    assert _fail(app, user.email, "10.0.6.6", 4) == [200] * 4
    assert _waits(user.email) == []


def test_failures_a_day_old_are_forgotten(app, org_a, make_user, no_account_limit):
    """Four failures yesterday and one today are not five."""
    user = make_user(org_a)
    _fail(app, user.email, "10.0.7.7", 4)
    db.session.execute(update(SignInDelay).values(last_failure_at=utcnow() - timedelta(days=1, minutes=1)))
    _fail(app, user.email, "10.0.7.7", 1)
    assert _waits(user.email) == []


def test_the_admin_sees_the_account_under_attack_and_lifts_every_wait(app, org_a, make_user, no_account_limit):
    """The users page offers Unlock while some address waits; unlocking lets every address try at once."""
    user = make_user(org_a)
    for address in ("10.0.8.1", "10.0.8.2"):
        _fail(app, user.email, address, 5)
    assert len(_waits(user.email)) == 2
    admin_client = app.test_client()
    login(admin_client, make_user(org_a, Role.ADMIN).email)
    db.session.refresh(user)
    assert user.locked_until is not None
    post_form(admin_client, f"/admin/users/{user.id}/unlock", {"version": user.version}, token_from="/admin/users")
    assert _waits(user.email) == []
    client = _from(app, "10.0.8.1")
    login(client, user.email)
    assert client.get("/home").status_code == 200


def _wrong_current_password(client):
    new = "violet-harbour-lantern"
    return post_form(client, "/account/password",
                     {"current_password": "wrong-password-123", "new_password": new, "confirm": new})


def test_wrong_current_passwords_delay_the_account_like_wrong_sign_ins(app, org_a, make_user):
    """Five wrong current passwords make this address wait, as wrong sign-ins do, and are audited as failures.

    The owner signing in from another address is not held back: the delay is per account and address.
    """
    user = make_user(org_a, locale="en")
    client = app.test_client()
    login(client, user.email)
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        assert "The current password is not correct." in _wrong_current_password(client).get_data(as_text=True)
    assert lockout.is_delayed(user.email, "127.0.0.1")
    failures = db.session.scalars(select(AuditEntry.actor_id).where(AuditEntry.action == "sign_in.failure")).all()
    assert failures == [user.id] * app.config["LOCKOUT_THRESHOLD"]
    fresh = app.test_client()
    fresh.environ_base["REMOTE_ADDR"] = "10.0.2.99"
    login(fresh, user.email)
    assert fresh.get("/home").status_code == 200


def test_wrong_sign_ins_and_wrong_current_passwords_share_one_count(app, org_a, make_user, monkeypatch):
    """Four wrong sign-ins and then one wrong current password from one address delay it, as five sign-ins do."""
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN_ACCOUNT", "100 per minute")
    user = make_user(org_a, locale="en")
    client = app.test_client()
    login(client, user.email)
    other = app.test_client()
    for _ in range(app.config["LOCKOUT_THRESHOLD"] - 1):
        _attempt(other, user.email, token=csrf_token(other))
    assert not lockout.is_delayed(user.email, "127.0.0.1")
    _wrong_current_password(client)
    assert lockout.is_delayed(user.email, "127.0.0.1")


def test_a_delayed_account_cannot_change_its_password_even_with_the_right_one(client, org_a, make_user):
    """While this address must wait, the account page refuses the right current password too, as sign-in does."""
    user = make_user(org_a, locale="en")
    login(client, user.email)
    for _ in range(client.application.config["LOCKOUT_THRESHOLD"]):
        lockout.record_failure(user.email, "127.0.0.1", user)
    new = "violet-harbour-lantern"
    page = post_form(client, "/account/password", {"current_password": PASSWORD, "new_password": new, "confirm": new})
    assert "The current password is not correct." in page.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)
