"""The shared layout in Chromium: the menu on a phone and a desktop, the language switch, the error summary."""

import re

import pytest
from playwright.sync_api import expect

from caseapp.auth.models import Role
from tests.browser.conftest import demo_account, sign_in

pytestmark = pytest.mark.browser

TAP = 44
ROWS = "els => new Set(els.map(el => Math.round(el.getBoundingClientRect().top))).size"
HEIGHTS = "els => els.filter(el => el.offsetParent !== null).map(el => el.getBoundingClientRect().height)"


def _signed_in(new_page, viewport):
    page = new_page(viewport=viewport)
    account = demo_account(Role.COORDINATOR)
    sign_in(page, account.email, account.password)
    page.wait_for_url("**/home")
    return page


def test_phone_menu_is_one_button_that_opens_a_list_of_large_targets(new_page):
    """At 360 px the menu is closed behind one button; opened, every entry is at least 44 px tall."""
    page = _signed_in(new_page, "phone")
    menu = page.locator("summary", has_text="Menu")
    assert menu.bounding_box()["height"] >= TAP
    expect(page.get_by_role("link", name="My tasks")).to_be_hidden()
    assert page.locator("header").bounding_box()["height"] < 3 * TAP + 40, "the header takes three rows"
    menu.click()
    expect(page.get_by_role("link", name="My tasks")).to_be_visible()
    heights = page.locator("nav.app-nav li > a, nav.app-nav .link-button").evaluate_all(HEIGHTS)
    assert heights and min(heights) >= TAP, heights


def test_desktop_shows_the_menu_and_uses_the_width(new_page):
    """At 1280 px the menu is open in one row without a click, and the content is wider than a 520 px column."""
    page = _signed_in(new_page, "desktop")
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="My tasks")).to_be_visible()
    expect(page.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    rows = page.locator("nav.app-nav li").evaluate_all(ROWS)
    assert rows == 1, f"the menu takes {rows} rows"
    assert page.locator("main").bounding_box()["width"] > 1000


def test_page_title_names_the_page_and_the_app(page):
    """The window title is "<page> – caseapp"."""
    page.goto("/login")
    expect(page).to_have_title("Sign in – caseapp")


def test_language_switch_changes_the_page_and_is_remembered(new_page):
    """"Dansk" on an English page shows it in Danish, and the next visit is Danish too."""
    page = new_page(locale="en-GB")
    page.goto("/login")
    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_error_summary_takes_focus_and_leads_to_the_field(page):
    """Sent back empty, the form's summary has focus; its link moves focus to the field in trouble."""
    page.goto("/login")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Email")).click()
    expect(page.get_by_label("Email", exact=True)).to_be_focused()


def test_keyboard_focus_is_visible(page):
    """The first Tab shows the skip link with a visible outline."""
    page.goto("/login")
    page.keyboard.press("Tab")
    link = page.get_by_role("link", name="Skip to content")
    expect(link).to_be_focused()
    expect(link).to_be_in_viewport()
    assert link.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
