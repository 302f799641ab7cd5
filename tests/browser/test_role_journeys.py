"""Sign-in journeys through the real UI in headless Chromium, per role and screen size."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from caseapp import ROOT
from caseapp.auth.models import Role
from tests.browser.conftest import demo_account, sign_in

pytestmark = pytest.mark.browser

HOME_HEADINGS = {
    Role.OUTREACH: "Outreach",
    Role.SHELTER_STAFF: "Shelter",
    Role.COORDINATOR: "Coordination",
    Role.ADMIN: "Administration",
    Role.SYSADMIN: "System administration",
}
DANISH_CATALOG = ROOT / "translations" / "da" / "LC_MESSAGES" / "messages.po"
FITS_WIDTH = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def danish(msgid, catalog=DANISH_CATALOG):
    """The Danish translation of ``msgid`` in the catalog, or None."""
    with Path(catalog).open("rb") as handle:
        message = read_po(handle).get(msgid)
    return message.string if message is not None and message.string else None


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("role", list(HOME_HEADINGS), ids=str)
def test_each_role_signs_in_to_its_own_home_page(new_page, role, viewport):
    """Signing in with a role's demo account shows that role's home page heading."""
    page = new_page(viewport=viewport)
    account = demo_account(role)
    sign_in(page, account.email, account.password)
    expect(page).to_have_url(re.compile(r"/home$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])


@pytest.mark.parametrize("role", list(HOME_HEADINGS), ids=str)
def test_home_page_has_no_horizontal_scrolling_on_a_phone(new_page, role):
    """On a 360 px wide phone each role's home page fits the width."""
    page = new_page(viewport="phone")
    account = demo_account(role)
    sign_in(page, account.email, account.password)
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])
    assert page.evaluate(FITS_WIDTH), "the home page scrolls sideways on a phone"


def test_login_page_has_no_horizontal_scrolling_on_a_phone(new_page):
    """On a 360 px wide phone the login page fits the width."""
    page = new_page(viewport="phone")
    page.goto("/login")
    assert page.evaluate(FITS_WIDTH), "the login page scrolls sideways on a phone"


def test_wrong_password_shows_the_generic_message_and_stays_on_login(page):
    """A wrong password gets the one generic message and the login form again."""
    account = demo_account(Role.COORDINATOR)
    sign_in(page, account.email, "not-the-password")
    expect(page.get_by_text("The email or password is not correct.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert page.url.endswith("/login")


def test_login_page_is_danish_for_a_danish_browser(new_page):
    """A browser asking for Danish gets the login page in Danish."""
    if not DANISH_CATALOG.exists():
        pytest.skip(f"no Danish catalog yet at {DANISH_CATALOG.relative_to(ROOT)}")
    heading = danish("Sign in")
    assert heading, "'Sign in' has no Danish translation in the catalog"
    page = new_page(locale="da-DK")
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
