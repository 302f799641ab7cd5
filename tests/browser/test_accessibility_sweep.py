"""The accessibility sweep: every page in each role's navigation, in Danish and English, on a phone and a desktop.

axe-core (bundled by axe-playwright-python, injected through the browser's
debugging channel, so the CSP stays strict) runs on each page; any serious
or critical violation fails the sweep, named by rule id and page. The pages
come from the navigation a signed-in user sees, so a new page is swept as
soon as a feature registers its menu entry.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from caseapp.demo.services import DEMO_ACCOUNTS
from tests.browser.conftest import VIEWPORTS, demo_account
from tests.browser.test_referral_journey import sign_in_in

pytestmark = pytest.mark.browser

AXE = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}
ROLES = list(dict.fromkeys(account.role for account in DEMO_ACCOUNTS))
LANGUAGES = {"en": "en-GB", "da": "da-DK"}
NAVIGATION = "() => [...document.querySelectorAll('nav.app-nav a[href]')].map(a => a.getAttribute('href'))"
BROKEN_PAGE = ('<!doctype html><html lang="en"><head><title>Broken – caseapp</title></head>'
               '<body><main><h1>Broken</h1><form><input type="text" name="nameless"></form></main></body></html>')


def blocking_violations(page):
    """The serious and critical axe violations on ``page``, as "rule-id (impact) on path: targets"."""
    results = AXE.run(page).response
    path = page.url.split("//", 1)[-1].split("/", 1)[-1]
    return [f"{v['id']} ({v['impact']}) on /{path}: {[node['target'] for node in v['nodes']]}"
            for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def sweep(page, paths):
    """Visit each of ``paths`` at each screen size and gather every blocking violation."""
    found = []
    for viewport in ("phone", "desktop"):
        page.set_viewport_size(VIEWPORTS[viewport])
        for path in paths:
            page.goto(path)
            found += [f"[{viewport}] {violation}" for violation in blocking_violations(page)]
    return found


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value)
def test_every_page_in_the_navigation_passes_axe(new_page, role, language):
    """Each page the role's menu links to has no serious or critical accessibility violation."""
    page = new_page(locale=LANGUAGES[language])
    sign_in_in(page, demo_account(role), language)
    page.wait_for_url("**/home")
    paths = page.evaluate(NAVIGATION)
    assert "/home" in paths, f"the menu was not found: {paths}"
    violations = sweep(page, paths)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_sign_in_page_passes_axe(new_page, language):
    """The page everyone sees first has no serious or critical accessibility violation."""
    page = new_page(locale=LANGUAGES[language])
    violations = sweep(page, ["/login"])
    assert not violations, "\n".join(violations)


def test_sweep_fails_a_page_with_an_unlabelled_input(new_page):
    """A page on the app's own origin with an input nobody labelled is caught as a critical violation."""
    page = new_page()
    page.goto("/login")
    page.set_content(BROKEN_PAGE)
    violations = blocking_violations(page)
    assert any(v.startswith("label (critical)") for v in violations), violations
