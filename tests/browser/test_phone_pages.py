"""Pages built for a phone in the street: how many taps an anonymous contact takes, and nothing wider than 360 px.

The anonymous-contact journey is kept within JOURNEY_LIMIT interactions (the
README says so): open the form, tap the place, open the signs, tick one, save.
"""

import pytest
from playwright.sync_api import expect

from caseapp.auth.models import Role
from tests.browser.conftest import demo_account, sign_in

pytestmark = pytest.mark.browser

JOURNEY_LIMIT = 5
FITS_WIDTH = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
PHONE_HEIGHT = 740


class Counted:
    """Clicks and fills on a page, counted as a user's interactions."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        """Click (or tick) ``locator``: one interaction."""
        self.count += 1
        locator.click()

    def fill(self, locator, text):
        """Type ``text`` into ``locator``: one interaction."""
        self.count += 1
        locator.fill(text)


def _outreach_on_a_phone(new_page):
    page = new_page(viewport="phone")
    account = demo_account(Role.OUTREACH)
    sign_in(page, account.email, account.password)
    return page


def test_anonymous_contact_takes_few_interactions_on_a_phone(new_page):
    """From the home page, an anonymous street contact with one sign observed is saved in five interactions."""
    page = _outreach_on_a_phone(new_page)
    steps = Counted(page)
    steps.click(page.get_by_role("link", name="Log a contact").first)
    assert page.evaluate("document.documentElement.scrollHeight") < 2 * PHONE_HEIGHT, "the form is too long"
    page.wait_for_load_state()
    assert page.evaluate(FITS_WIDTH)
    steps.click(page.get_by_label("Street"))
    steps.click(page.locator("summary", has_text="Signs of trafficking observed"))
    steps.click(page.get_by_label("Debt to be paid off"))
    assert page.locator("#signs .tick-count").inner_text() == "1", "the disclosure does not count the tick"
    steps.click(page.get_by_role("button", name="Save contact"))
    expect(page.get_by_text("The contact is saved.")).to_be_visible()
    assert steps.count <= JOURNEY_LIMIT


def test_disclosure_opens_by_itself_to_show_an_error(new_page):
    """A note too long comes back with its disclosure open, the text whole and the message beside it."""
    page = _outreach_on_a_phone(new_page)
    page.get_by_role("link", name="Log a contact").first.click()
    page.get_by_label("Street").check()
    page.locator("summary", has_text="Municipality, language and note").click()
    page.get_by_label("Note").fill("z" * 5001)
    page.get_by_role("button", name="Save contact").click()
    expect(page.locator("#note-error")).to_contain_text("This text has 5,001 characters; at most 5,000 fit.")
    assert len(page.get_by_label("Note").input_value()) == 5001


def test_a_200_character_alias_does_not_widen_the_duplicate_warning(new_page):
    """The possible-duplicate warning with a very long alias stays within a 360 px screen."""
    page = _outreach_on_a_phone(new_page)
    alias = "Longalias" * 22 + "xx"
    for _ in range(2):
        page.goto("/contacts/new")
        page.get_by_label("Street").check()
        page.locator("summary", has_text="Person (optional)").click()
        page.get_by_label("Alias").fill(alias)
        page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("heading", name="Possible duplicate")).to_be_visible()
    page.wait_for_load_state()
    assert page.evaluate(FITS_WIDTH), "the duplicate warning scrolls sideways"


def test_citizenship_list_narrows_as_you_type(new_page):
    """Typing in the box above the citizenship list leaves the matching countries (and those chosen)."""
    page = _outreach_on_a_phone(new_page)
    page.goto("/persons/new")
    page.get_by_label("Citizenship").select_option("RO")
    page.get_by_role("searchbox", name="Find a country").fill("thai")
    visible = page.evaluate("[...document.querySelectorAll('#citizenship option')]"
                            ".filter(o => !o.hidden).map(o => o.value)")
    assert visible == ["RO", "TH"]
