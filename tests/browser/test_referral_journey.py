"""A referral from an outreach NGO to Tryghus, on a phone, in English and in Danish.

The outreach worker refers a consenting person, leaving the phone numbers
out; Tryghus shelter staff accept, place her, record the identification,
the reflection decision and an extension, and watch the deadline board
change; the outreach worker then sees the referral as placed.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from caseapp.auth.models import Role
from caseapp.core.clock import local_today
from caseapp.demo.shelterwork import READY_TO_REFER
from tests.browser.conftest import LIVE, demo_account, main_menu, sign_in
from tests.browser.test_role_journeys import FITS_WIDTH, danish

pytestmark = pytest.mark.browser
LANGUAGES = {"en": ("en-GB", READY_TO_REFER[0]), "da": ("da-DK", READY_TO_REFER[1])}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_referral_placement_and_reflection_journey_on_a_phone(new_page, language):
    """Refer with consent, accept, place, decide, extend and see the board change; also in Danish."""
    locale, name = LANGUAGES[language]
    t = (lambda text: danish(text) or pytest.fail(f"no Danish for {text!r}")) if language == "da" else str
    full_name = " ".join(name)

    outreach = new_page(locale=locale, viewport="phone")
    account = demo_account(Role.OUTREACH)
    sign_in_in(outreach, account, language)
    main_menu(outreach).get_by_role("link", name=t("My cases")).click()
    outreach.get_by_role("link", name=full_name).click()
    outreach.locator("summary", has_text=t("Referrals to shelter operators")).click()
    outreach.get_by_role("link", name=t("Refer to a shelter operator")).click()
    outreach.get_by_label(t("Shelter operator")).select_option(label="Tryghus Shelters (demo)")
    outreach.get_by_label(t("Phone numbers")).uncheck()
    outreach.get_by_role("button", name=t("Send referral")).click()
    expect(outreach.get_by_text(t("The referral is sent."))).to_be_visible()
    expect(outreach.locator(".referral-status").first).to_have_text(t("Requested"))

    staff = new_page(locale=locale, viewport="phone")
    sign_in_in(staff, demo_account(Role.SHELTER_STAFF), language)
    main_menu(staff).get_by_role("link", name=t("Referrals"), exact=True).click()
    staff.get_by_role("link", name="Nordlys NGO (demo)").first.click()
    expect(staff.get_by_text(full_name)).to_have_count(0)
    staff.get_by_role("button", name=t("Accept")).click()
    expect(staff.locator("h1")).to_contain_text(full_name)
    reference = staff.locator("#case-reference").inner_text()
    assert reference.startswith("TRY-")

    main_menu(staff).get_by_role("link", name=t("Deadlines")).click()
    expect(staff.get_by_text(reference)).to_have_count(0)
    staff.go_back()

    staff.locator("summary", has_text=t("Shelter placements")).click()
    staff.get_by_role("link", name=t("Place in a shelter")).click()
    staff.get_by_label(t("Shelter"), exact=True).select_option(index=0)
    staff.get_by_role("button", name=t("Place"), exact=True).click()
    expect(staff.get_by_text(t("The person is placed."))).to_be_visible()
    expect(staff.locator("#case-shelters"), "the placements part is not open after placing").to_have_attribute("open", "")

    staff.get_by_label(t("Decision"), exact=True).select_option(label=t("Actual victim"))
    staff.get_by_label(t("Decided by"), exact=True).select_option(label=t("Danish Immigration Service"))
    staff.get_by_role("button", name=t("Record decision")).click()
    reflection = staff.locator("summary", has_text=t("Reflection period"))
    expect(reflection).to_contain_text(t("None recorded"))
    reflection.click()
    staff.get_by_role("link", name=t("Record the reflection decision")).click()
    staff.get_by_role("button", name=t("Record the decision")).click()
    expect(staff.get_by_text(t("The reflection period is recorded."))).to_be_visible()
    with LIVE["app"].app_context():
        first_deadline = local_today() + timedelta(days=99)

    main_menu(staff).get_by_role("link", name=t("Deadlines")).click()
    row = staff.locator(".board-item", has_text=reference)
    expect(row).to_contain_text(t("Later"))
    expect(row).to_contain_text(t("Apply for an extension"))
    staff.wait_for_load_state()
    assert staff.evaluate(FITS_WIDTH), "the board scrolls sideways on a phone"
    row.get_by_role("link", name=reference).click()

    staff.locator("summary", has_text=t("Reflection period")).click()
    staff.get_by_role("link", name=t("Record an extension")).click()
    staff.get_by_label(t("New deadline")).fill((first_deadline + timedelta(days=20)).isoformat())
    staff.get_by_label(t("Reason for the extension")).fill("Medical treatment")
    staff.get_by_role("button", name=t("Record the extension")).click()
    expect(staff.get_by_text(t("The extension is recorded."))).to_be_visible()
    main_menu(staff).get_by_role("link", name=t("Deadlines")).click()
    expect(staff.locator(".board-item", has_text=reference)).to_contain_text(t("Prepare the return"))

    outreach.reload()
    expect(outreach.locator(".referral-status").first).to_have_text(t("Placed"))
    outreach.wait_for_load_state()
    assert outreach.evaluate(FITS_WIDTH), "the case page scrolls sideways on a phone"


def sign_in_in(page, account, language):
    """Sign in; the Danish login page's labels and buttons are in Danish."""
    if language == "en":
        sign_in(page, account.email, account.password)
        return
    page.goto("/login")
    page.get_by_label(danish("Email"), exact=True).fill(account.email)
    page.get_by_label(danish("Password"), exact=True).fill(account.password)
    page.get_by_role("button", name=danish("Sign in")).click()
    if page.url.endswith("/login/verify"):
        from tests.conftest import second_factor_code
        with LIVE["app"].app_context():
            code = second_factor_code(account.email, wait=False) or LIVE["recovery"][account.email].pop()
        page.get_by_label(danish("Code"), exact=True).fill(code)
        page.get_by_role("button", name=danish("Continue")).click()
