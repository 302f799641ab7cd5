"""`make screenshots`: each role's home page on a phone and a desktop, as small PNGs for the README.

Skipped in the ordinary test run; CASEAPP_SCREENSHOTS=<folder> (set by `make screenshots`) writes them.
"""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from caseapp.demo.services import DEMO_ACCOUNTS
from tests.browser.conftest import demo_account
from tests.browser.test_referral_journey import sign_in_in

pytestmark = pytest.mark.browser

FOLDER = os.environ.get("CASEAPP_SCREENSHOTS")
ROLES = list(dict.fromkeys(account.role for account in DEMO_ACCOUNTS))
# 64 colours keep a page's PNG well under 150 kB without blurring its text.
COLOURS = 64


def small_png(png_bytes):
    """The screenshot reduced to a palette image: the same picture in a fraction of the bytes."""
    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    out = io.BytesIO()
    image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


@pytest.mark.skipif(not FOLDER, reason="set CASEAPP_SCREENSHOTS (make screenshots) to take the screenshots")
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value)
def test_home_page_screenshot(new_page, role, viewport):
    """Sign in as ``role`` in Danish and save the home page as docs/screenshots/<role>-<viewport>.png."""
    page = new_page(locale="da-DK", viewport=viewport)
    account = demo_account(role)
    sign_in_in(page, account, "da")
    page.wait_for_url("**/home")
    target = Path(FOLDER) / f"{role.value}-{viewport}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(small_png(page.screenshot()))
    assert target.stat().st_size < 150_000
