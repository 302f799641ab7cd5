"""An outreach worker's day on a phone: contact, search by alias, open a case, read the timeline."""

import pytest

from caseapp.auth.models import Role
from tests.browser.conftest import demo_account, main_menu, sign_in

pytestmark = pytest.mark.browser


def test_outreach_worker_journey_on_a_phone(new_page):
    """Log a contact naming only an alias, find her later by alias, open a case, see contact and opening."""
    page = new_page(viewport="phone")
    account = demo_account(Role.OUTREACH)
    sign_in(page, account.email, account.password)

    page.get_by_role("link", name="Log a contact").first.click()
    page.get_by_label("Street").check()
    page.locator("summary", has_text="Signs of trafficking observed").click()
    page.get_by_label("Debt to be paid off").check()
    page.locator("summary", has_text="Person (optional)").click()
    page.get_by_label("Alias").fill("Sunflower Journey")
    page.get_by_role("button", name="Save contact").click()
    assert page.get_by_text("The contact is saved.").is_visible()

    main_menu(page).get_by_role("link", name="Persons").click()
    page.get_by_label("Name, alias, phone number or date of birth").fill("sunflower journey")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="“Sunflower Journey”").click()
    assert page.get_by_text("Street").first.is_visible()

    page.get_by_role("link", name="Open a case").click()
    page.get_by_label("Sexual exploitation").check()
    page.get_by_role("button", name="Open case").click()
    assert page.get_by_text("The case is opened.").is_visible()

    page.get_by_role("link", name="Person details").click()
    page.get_by_role("link", name="Log a contact").first.click()
    page.get_by_label("Clinic or brothel").check()
    page.get_by_role("button", name="Save contact").click()

    main_menu(page).get_by_role("link", name="My cases").click()
    page.get_by_role("link", name="“Sunflower Journey”").click()
    timeline = page.locator(".timeline")
    assert timeline.locator("li").first.inner_text().strip().endswith("Contact logged.")
    assert "Case opened and given to" in timeline.locator("li").last.inner_text()
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], "the case page scrolls sideways on a phone"
