"""A prepared return, in the browser: refer with consent, download the pack, travel, departure, follow-ups.

The outreach worker refers a demo person who consented to sharing with the
return organisation, downloads the one-page referral pack (named by the
case reference), records the travel plan and the departure, logs two
follow-up contacts, and sees her task list move from the departure to the
next follow-up.
"""

import pytest
from playwright.sync_api import expect

from caseapp.auth.models import Role
from caseapp.core.clock import local_today
from caseapp.returns.demo import READY_TO_RETURN
from tests.browser.conftest import LIVE, demo_account, sign_in

pytestmark = pytest.mark.browser


def test_return_journey(page):
    """Refer, download the pack, plan, depart, log two follow-ups; the task list follows."""
    given, family, _country, _status = READY_TO_RETURN
    account = demo_account(Role.OUTREACH)
    sign_in(page, account.email, account.password)
    with LIVE["app"].app_context():
        today = local_today().isoformat()

    page.get_by_role("link", name="My cases").first.click()
    page.get_by_role("link", name=f"{given} {family}").click()
    reference = page.locator("#case-reference").inner_text()
    page.locator("summary", has_text="Prepared return").click()
    page.get_by_role("link", name="Refer to a return organisation").click()
    page.get_by_label("Return organisation").select_option(label="IOM")
    page.get_by_label("Destination country").select_option(label="Romania")
    page.get_by_label("Municipality or region").fill("Iași")
    page.get_by_label("Phone numbers").uncheck()
    page.get_by_role("button", name="Refer", exact=True).click()
    expect(page.get_by_text("The case is referred to the return organisation.")).to_be_visible()
    expect(page.locator("#return-status")).to_have_text("Referred")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the referral pack (PDF)").click()
    assert download.value.suggested_filename == f"{reference}.pdf"
    assert open(download.value.path(), "rb").read().startswith(b"%PDF")

    page.get_by_role("button", name="Record: Accepted").click()
    page.get_by_label("Date", exact=True).fill(today)
    page.get_by_role("button", name="Record: Travel planned").click()
    expect(page.locator("#return-status")).to_have_text("Travel planned")
    _expect_task(page, reference, "Record the departure")

    page.locator("li", has_text=reference).get_by_role("link", name="Record the departure").click()
    page.get_by_label("Date", exact=True).fill(today)
    page.get_by_role("button", name="Record: Departed").click()
    expect(page.locator("#return-status")).to_have_text("Departed")
    _expect_task(page, reference, "Follow-up contact 1 of 6 after return")

    page.locator("li", has_text=reference).get_by_role("link", name="Follow-up contact 1 of 6 after return").click()
    for outcome in ("Reached", "Not reached"):
        page.get_by_label("Date of the contact").fill(today)
        page.get_by_label("Channel").select_option(label="Phone")
        page.get_by_label("Outcome").select_option(label=outcome)
        page.get_by_role("button", name="Record the follow-up").click()
        expect(page.get_by_text("The follow-up is recorded.")).to_be_visible()
    expect(page.locator(".follow-up-done")).to_have_count(2)
    _expect_task(page, reference, "Follow-up contact 3 of 6 after return")
    expect(page.locator("li", has_text=reference).filter(has_text="Record the departure")).to_have_count(0)


def _expect_task(page, reference, title):
    """The task list shows ``title`` on the row of the case ``reference``."""
    page.get_by_role("link", name="My tasks").first.click()
    expect(page.locator("li", has_text=reference).filter(has_text=title)).to_have_count(1)
