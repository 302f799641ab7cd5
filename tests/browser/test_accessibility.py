"""Accessibility checks in Chromium: axe-core plus the page structure a screen-reader user relies on."""

from pathlib import Path

import pytest

from caseapp.auth.models import Role
from tests.browser.conftest import demo_account, sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
UNLABELLED_CONTROLS = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
    .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label'))
    .map(el => el.name || el.id || el.outerHTML)"""
LANDMARKS = """() => ({
    main: document.querySelectorAll('main').length,
    header: document.querySelectorAll('body > header').length,
})"""


# Signed-in pages: (role, path after the home page, or None for the home page itself).
SIGNED_IN = {"home": (Role.COORDINATOR, None), "shelter_home": (Role.SHELTER_STAFF, None),
             "deadline_board": (Role.SHELTER_STAFF, "/reflection/board")}


@pytest.fixture(params=["login", *SIGNED_IN])
def audited_page(request, new_page):
    """The login page and signed-in pages (home pages, the deadline board), each in a CSP-bypassing context."""
    page = new_page(bypass_csp=True)
    if request.param == "login":
        page.goto("/login")
        return page
    role, path = SIGNED_IN[request.param]
    account = demo_account(role)
    sign_in(page, account.email, account.password)
    page.wait_for_url("**/home")
    if path:
        page.goto(path)
    return page


def axe_violations(page):
    """Serious and critical axe-core violations on ``page`` as 'rule: targets' strings."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS
    ]


def test_axe_finds_no_serious_or_critical_violations(audited_page):
    """axe-core reports no serious or critical accessibility violation."""
    assert axe_violations(audited_page) == []


def test_every_form_control_has_a_label(audited_page):
    """Every visible form control is named by a label."""
    assert audited_page.evaluate(UNLABELLED_CONTROLS) == []


def test_page_has_exactly_one_h1(audited_page):
    """There is exactly one top-level heading."""
    assert audited_page.locator("h1").count() == 1


def test_page_has_one_main_and_a_header_landmark(audited_page):
    """The page has one main landmark and a page header."""
    assert audited_page.evaluate(LANDMARKS) == {"main": 1, "header": 1}


def test_first_tab_stop_is_a_skip_link_to_main(audited_page):
    """The first Tab reaches a link that skips to the main content, which exists."""
    audited_page.keyboard.press("Tab")
    assert audited_page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert audited_page.locator("main#main").count() == 1
