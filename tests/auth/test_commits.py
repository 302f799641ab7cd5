"""One commit per request: the user loader writes nothing, each sign-in step commits once, and a
GET commits at most the session's last-seen time, when it is due.

Requests that send an audit event (a sign-in, a failure) write its entry in
that same commit: a sign-in step is one commit, audit entry included.
"""

import re
from contextlib import contextmanager
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from caseapp.auth import twofactor
from caseapp.auth.models import UserSession
from caseapp.extensions import db
from tests.conftest import PASSWORD, csrf_token, login, second_factor_code

WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', re.IGNORECASE)
AUDIT = "audit_entries"


@contextmanager
def commits():
    """A list that gets, for every COMMIT inside the block, the set of tables its transaction wrote."""
    written, done = set(), []

    def on_statement(_connection, _cursor, statement, *_args):
        if match := WRITE.match(statement):
            written.add(match.group(1))

    committed = []

    def on_commit(_session):
        committed.append(True)

    def on_end(_session, transaction):
        # A savepoint the code opens (begin_nested) is released, not committed: not counted.
        if committed and not transaction.nested:
            done.append(set(written))
            written.clear()
        committed.clear()

    listeners = [(db.engine, "before_cursor_execute", on_statement), (Session, "after_commit", on_commit),
                 (Session, "after_transaction_end", on_end),
                 (Session, "after_rollback", lambda _session: written.clear())]
    for target, name, function in listeners:
        event.listen(target, name, function)
    try:
        yield done
    finally:
        for target, name, function in listeners:
            event.remove(target, name, function)


def _session_record(user):
    db.session.expire_all()
    return db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))


def _idle(user, minutes):
    """Pretend the user's browser has been idle for ``minutes`` more."""
    record = _session_record(user)
    record.last_seen_at -= timedelta(minutes=minutes)
    db.session.flush()
    return record.last_seen_at


def _post(client, path, data, before=None):
    """POST with a CSRF token fetched before counting starts (and ``before`` run after fetching it)."""
    token = csrf_token(client, path)
    if before is not None:
        before()
    with commits() as done:
        response = client.post(path, data={**data, "csrf_token": token})
    return response, done


@pytest.fixture
def signed_in(client, org_a, make_user):
    """A signed-in client and its user."""
    user = make_user(org_a, locale="en")
    login(client, user.email)
    return client, user


@pytest.fixture
def enrolled(make_user, org_a):
    """A user with an authenticator app."""
    user = make_user(org_a, locale="en")
    user.totp_secret = twofactor.new_secret()
    db.session.flush()
    return user


def test_a_signed_in_page_commits_nothing_while_last_seen_is_fresh(signed_in):
    """Loading a page right after another writes nothing: the user loader never commits."""
    client, _user = signed_in
    with commits() as done:
        assert client.get("/home").status_code == 200
        assert client.get("/account/sessions").status_code == 200
    assert done == []


def test_a_signed_in_page_commits_only_the_due_last_seen_time(signed_in):
    """After a pause of more than a minute, a GET makes one commit, writing the session's last-seen time."""
    client, user = signed_in
    before = _idle(user, 2)
    with commits() as done:
        assert client.get("/home").status_code == 200
    assert done == [{"user_sessions"}]
    assert _session_record(user).last_seen_at > before + timedelta(minutes=1)


def test_browsing_alone_keeps_the_session_alive(signed_in):
    """Two GETs 14 idle minutes apart each: 28 minutes after the first pause the user is still in."""
    client, user = signed_in
    _idle(user, 14)
    assert client.get("/home").status_code == 200
    _idle(user, 14)
    assert client.get("/home").status_code == 200


def test_a_timed_out_session_is_revoked_by_the_one_commit_after_the_request(signed_in):
    """The request after the idle timeout is sent to sign in, and the session is stored as ended."""
    client, user = signed_in
    _idle(user, 16)
    with commits() as done:
        assert client.get("/home").status_code == 302
    assert done == [{"user_sessions"}]
    assert _session_record(user).revoked_at is not None


def test_a_saving_request_carries_the_last_seen_time_in_its_own_commit(signed_in):
    """Saving one's settings after a pause is still one commit, with the last-seen time in it."""
    client, user = signed_in
    response, done = _post(client, "/account", {"display_name": "New Name", "locale": "en"},
                           before=lambda: _idle(user, 2))
    assert response.status_code == 302
    assert done == [{"users", "user_sessions"}]


def test_sign_in_pages_commit_nothing_when_shown(client, org_a, make_user, monkeypatch):
    """The password, code and enrolment pages write nothing when only shown."""
    monkeypatch.setitem(client.application.config, "TOTP_REQUIRED", True)
    user = make_user(org_a, locale="en")
    with commits() as done:
        client.get("/login")
    response, step = _post(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/enrol")
    with commits() as shown:
        assert 'src="data:image/svg+xml' in client.get("/login/enrol").get_data(as_text=True)
        client.get("/login/enrol")
    assert done == [] and shown == []
    assert step == [{"users"}], "the password step makes the enrolment secret in its one commit"


def test_a_wrong_password_commits_once(client, enrolled):
    """A failed password step counts the failure and records it in the audit trail in one commit."""
    response, done = _post(client, "/login", {"email": enrolled.email, "password": "wrong-" + PASSWORD})
    assert response.status_code == 200
    assert done == [{"sign_in_delays", AUDIT}]


def test_the_right_password_commits_once(client, enrolled):
    """The password step of an enrolled user is one commit and sends the browser on to the code."""
    response, done = _post(client, "/login", {"email": enrolled.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/verify")
    assert len(done) == 1


@pytest.mark.parametrize("right", [True, False], ids=["right code", "wrong code"])
def test_the_second_factor_step_commits_once(client, enrolled, right):
    """The code step stores the code's use (or the failure), the new session and its audit entry in one commit."""
    _post(client, "/login", {"email": enrolled.email, "password": PASSWORD})
    code = second_factor_code(enrolled.email) if right else "000000"
    _response, done = _post(client, "/login/verify", {"code": code})
    assert done == [{"users", "user_sessions", "sign_in_delays", AUDIT} if right else {"sign_in_delays", AUDIT}]
    assert (client.get("/home").status_code == 200) is right


def test_enrolment_commits_once(client, org_a, make_user, monkeypatch):
    """Confirming the authenticator stores it, the recovery codes, the session and the audit entry in one commit."""
    monkeypatch.setitem(client.application.config, "TOTP_REQUIRED", True)
    user = make_user(org_a, locale="en")
    _post(client, "/login", {"email": user.email, "password": PASSWORD})
    db.session.refresh(user)
    response, done = _post(client, "/login/enrol", {"code": pyotp.TOTP(user.totp_pending_secret).now()})
    assert len(re.findall(r"<li><code>[0-9a-f]{6}-[0-9a-f]{6}</code></li>", response.get_data(as_text=True))) == 10
    assert done == [{"users", "recovery_codes", "user_sessions", "sign_in_delays", AUDIT}]


def test_a_recovery_code_commits_once(client, enrolled):
    """Signing in with a recovery code spends it and starts the session in one commit."""
    [code] = twofactor.new_recovery_codes(enrolled)[:1]
    _post(client, "/login", {"email": enrolled.email, "password": PASSWORD})
    _response, done = _post(client, "/login/verify", {"code": code})
    assert done == [{"recovery_codes", "user_sessions", "sign_in_delays", AUDIT}]
    assert client.get("/home").status_code == 200


def test_a_stale_password_step_sends_a_missing_enrolment_secret_back_to_sign_in(client, org_a, make_user,
                                                                                monkeypatch):
    """If the secret being enrolled is gone (an admin reset meanwhile), the page asks to sign in again."""
    monkeypatch.setitem(client.application.config, "TOTP_REQUIRED", True)
    user = make_user(org_a, locale="en")
    _post(client, "/login", {"email": user.email, "password": PASSWORD})
    db.session.refresh(user)
    twofactor.remove_second_factor(user)
    response = client.get("/login/enrol")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")

