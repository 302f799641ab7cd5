"""Two-factor sign-in: enrolment on first sign-in, single-use codes, recovery codes, admin reset."""

import re

import pyotp
import pytest

from caseapp.auth import twofactor
from caseapp.auth.models import Role
from caseapp.extensions import db
from tests.conftest import PASSWORD, login, post_form, second_factor_code

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def required(app, monkeypatch):
    """Two-factor sign-in required, as in production."""
    monkeypatch.setitem(app.config, "TOTP_REQUIRED", True)


def _password_step(client, user):
    client.environ_base.update(EN)
    return post_form(client, "/login", {"email": user.email, "password": PASSWORD}, follow_redirects=True)


def _enrol(client, user):
    """Walk through enrolment; returns (secret, recovery codes)."""
    page = _password_step(client, user).get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([^<]+)<', page).group(1).replace(" ", "")
    done = post_form(client, "/login/enrol", {"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    return secret, re.findall(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", done)


def test_first_sign_in_requires_enrolment_with_qr_code(client, org_a, make_user, required):
    """A user without an authenticator sees the QR code and key, and is not signed in yet."""
    user = make_user(org_a)
    page = _password_step(client, user).get_data(as_text=True)
    assert "Set up two-factor sign-in" in page
    assert 'src="data:image/svg+xml' in page
    assert client.get("/home").status_code == 302


def test_enrolment_page_with_the_secret_is_never_stored(client, org_a, make_user, required):
    """The page showing the authenticator secret and QR code, before sign-in is complete, says no-store."""
    response = _password_step(client, make_user(org_a))
    assert response.request.path == "/login/enrol"
    assert response.headers["Cache-Control"] == "no-store"


def test_enrolment_gives_ten_recovery_codes_and_signs_in(client, org_a, make_user, required):
    """After the first code, ten recovery codes are shown once and the user is in."""
    user = make_user(org_a)
    _secret, codes = _enrol(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/home").status_code == 200


def test_recovery_codes_are_stored_hashed(client, org_a, make_user, required):
    """No recovery code is in the database in clear."""
    from sqlalchemy import select

    from caseapp.auth.models import RecoveryCode

    user = make_user(org_a)
    _secret, codes = _enrol(client, user)
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    assert not set(codes) & set(stored)


def test_wrong_enrolment_code_does_not_enrol(client, org_a, make_user, required):
    """A wrong first code leaves the user without a second factor and signed out."""
    user = make_user(org_a)
    _password_step(client, user)
    page = post_form(client, "/login/enrol", {"code": "000000"}).get_data(as_text=True)
    assert "The code is not correct" in page
    db.session.refresh(user)
    assert not user.has_second_factor
    assert client.get("/home").status_code == 302


def test_a_used_code_cannot_be_used_again(app, org_a, make_user):
    """The same authenticator code signs in once; a second browser using it is refused."""
    user = make_user(org_a)
    user.totp_secret = twofactor.new_secret()
    db.session.flush()
    first, second = app.test_client(), app.test_client()
    code = second_factor_code(user.email)
    for client in (first, second):
        _password_step(client, user)
        post_form(client, "/login/verify", {"code": code})
    assert first.get("/home").status_code == 200
    assert second.get("/home").status_code == 302


def test_recovery_code_signs_in_once(client, app, org_a, make_user, required):
    """A recovery code replaces the authenticator code, but only once."""
    user = make_user(org_a)
    _secret, codes = _enrol(client, user)
    post_form(client, "/logout", {}, token_from="/home")
    _password_step(client, user)
    post_form(client, "/login/verify", {"code": codes[0]})
    assert client.get("/home").status_code == 200
    post_form(client, "/logout", {}, token_from="/home")
    _password_step(client, user)
    page = post_form(client, "/login/verify", {"code": codes[0]}).get_data(as_text=True)
    assert "The code is not correct, or it was used already." in page


def test_password_alone_does_not_sign_in_an_enrolled_user(client, org_a, make_user):
    """After the password an enrolled user must still give a code."""
    user = make_user(org_a)
    user.totp_secret = twofactor.new_secret()
    db.session.flush()
    assert _password_step(client, user).request.path == "/login/verify"
    assert client.get("/home").status_code == 302


def test_admin_reset_removes_the_authenticator_and_ends_sessions(app, org_a, make_user, required):
    """After a reset the user's session ends and the next sign-in asks to enrol again."""
    user = make_user(org_a)
    user_client, admin_client = app.test_client(), app.test_client()
    _enrol(user_client, user)
    admin = make_user(org_a, Role.ADMIN)
    admin.totp_secret = twofactor.new_secret()
    db.session.flush()
    login(admin_client, admin.email)
    db.session.refresh(user)
    post_form(admin_client, f"/admin/users/{user.id}/reset-second-factor", {"version": user.version, "confirm": "y"},
              token_from="/admin/users")
    assert user_client.get("/home").status_code == 302
    assert "Set up two-factor sign-in" in _password_step(user_client, user).get_data(as_text=True)


def test_production_cannot_switch_two_factor_off():
    """The production configuration refuses CASEAPP_TOTP_REQUIRED=false."""
    from config import ConfigError, load_config

    environ = {"CASEAPP_SECRET_KEY": "k" * 40, "CASEAPP_DATA_KEYS": "x", "CASEAPP_DATABASE_URL": "postgresql://x",
               "CASEAPP_TOTP_REQUIRED": "false"}
    with pytest.raises(ConfigError, match="TOTP_REQUIRED"):
        load_config("production", environ=environ)
