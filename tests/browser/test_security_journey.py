"""Two-factor enrolment and sign-in, and session expiry, in the real browser."""

from datetime import timedelta

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from caseapp.auth.models import Role, UserSession
from caseapp.auth.services import create_user, find_user_by_email
from caseapp.extensions import db
from tests.browser.conftest import LIVE, demo_account, main_menu, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def two_factor_required():
    """The live app requires two-factor sign-in, as production does."""
    config = LIVE["app"].config
    config["TOTP_REQUIRED"] = True
    yield
    config["TOTP_REQUIRED"] = False


def _new_worker(email):
    with LIVE["app"].app_context():
        colleague = find_user_by_email(demo_account(Role.OUTREACH).email)
        create_user(email=email, display_name="New Worker", role=Role.OUTREACH, password=PASSWORD,
                    organisation=colleague.organisation)
        db.session.commit()


def test_first_sign_in_enrols_an_authenticator_then_asks_for_codes(new_page, two_factor_required):
    """Password, QR code and key, first code, ten recovery codes, home; next time a code is asked."""
    _new_worker("enrol.journey@example.org")
    page = new_page(viewport="phone")
    sign_in(page, "enrol.journey@example.org", PASSWORD)
    assert page.get_by_role("heading", name="Set up two-factor sign-in").is_visible()
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="I have kept them, continue").click()
    assert page.get_by_role("heading", name="Outreach").is_visible()

    main_menu(page).get_by_role("button", name="Sign out").click()
    sign_in(page, "enrol.journey@example.org", PASSWORD)
    assert page.get_by_role("heading", name="Outreach").is_visible()


def test_wrong_code_keeps_the_user_out(new_page):
    """A wrong authenticator code is refused with a message and the user stays signed out."""
    account = demo_account(Role.COORDINATOR)
    page = new_page()
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("The code is not correct, or it was used already.")).to_be_visible()
    page.goto("/home")
    assert "/login" in page.url


def test_idle_session_expires_in_the_browser(new_page):
    """After the idle timeout the next click lands on the sign-in page."""
    account = demo_account(Role.SHELTER_STAFF)
    page = new_page()
    sign_in(page, account.email, account.password)
    assert page.get_by_role("heading", name="Shelter").is_visible()
    with LIVE["app"].app_context():
        user = find_user_by_email(account.email)
        for record in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)):
            record.last_seen_at -= timedelta(minutes=16)
        db.session.commit()
    page.get_by_role("link", name="My account").click()
    assert "/login" in page.url
    assert page.get_by_role("heading", name="Sign in").is_visible()

