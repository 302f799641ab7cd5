"""A coordinator's statistics journey: pick a year, read the tables and charts, download CSV and XLSX."""

import csv
import io
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import pytest
from playwright.sync_api import expect

from caseapp.auth.models import Role
from caseapp.demo.services import add_demo_persons
from caseapp.extensions import db
from tests.browser.conftest import LIVE, demo_account, sign_in
from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.browser
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def casework(live_server):
    """Demo persons with contacts and cases over the last year, committed in the live app."""
    with LIVE["app"].app_context():
        add_demo_persons(90, seed=7)
        db.session.commit()


def page_cells(page, table_id):
    """(row code, column code, text) of every cell of one table on the page."""
    return page.eval_on_selector_all(
        f"#table-{table_id} td",
        "cells => cells.map(c => [c.closest('tr').dataset.row, c.dataset.column, c.textContent.trim()])")


def xlsx_grid(content, sheet_name):
    """The cell texts of one worksheet, as {(row, column): text}."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        shared = [si.findtext(f"{SHEET}t") for si in ElementTree.fromstring(
            archive.read("xl/sharedStrings.xml")).iter(f"{SHEET}si")]
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        index = [s.get("name") for s in book.iter(f"{SHEET}sheet")].index(sheet_name) + 1
        sheet = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{index}.xml"))
    grid = {}
    for c in sheet.iter(f"{SHEET}c"):
        column, row = re.match(r"([A-Z]+)(\d+)", c.get("r")).groups()
        value = c.findtext(f"{SHEET}v")
        grid[(int(row), ord(column) - ord("A"))] = shared[int(value)] if c.get("t") == "s" else value
    return grid


def test_a_coordinator_releases_a_year_and_the_downloads_match_the_page(new_page, casework):
    """Statistics link, pick this year, tables with suppressed cells marked, three charts, CSV and XLSX agree."""
    page = new_page(accept_downloads=True)
    account = demo_account(Role.COORDINATOR)
    sign_in(page, account.email, account.password)
    page.get_by_role("link", name="Statistics for the national indicator").click()
    page.get_by_label("A year").check()
    page.get_by_label("Year", exact=True).select_option(str(date.today().year))
    page.get_by_role("button", name="Make the release").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Release for")
    presumed = page_cells(page, "presumed_by_sex")
    assert any(text == "suppressed" for _r, _c, text in page_cells(page, "identified_by_age"))
    assert [text for row, _c, text in presumed if row == "total"][0].isdigit()
    images = page.locator("figure.chart img")
    expect(images).to_have_count(3)
    page.wait_for_load_state("load")
    assert page.eval_on_selector_all("figure.chart img", "imgs => imgs.map(i => i.naturalWidth > 0)") == [True] * 3

    with page.expect_download() as got:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(got.value.path(), encoding="utf-8").read())))
    in_csv = [(r["row"], r["column"], r["value"]) for r in rows if r["table"] == "presumed_by_sex"]
    assert in_csv == [tuple(cell) for cell in presumed]
    identified = page_cells(page, "identified_by_citizenship")
    assert [(r["row"], r["column"], r["value"]) for r in rows if r["table"] == "identified_by_citizenship"] == [
        tuple(cell) for cell in identified]

    with page.expect_download() as got:
        page.get_by_role("link", name="Download XLSX").click()
    grid = xlsx_grid(open(got.value.path(), "rb").read(), "identified_by_citizenship")
    columns = len({column for _row, column, _text in identified})
    in_xlsx = [grid.get((4 + i // columns, 1 + i % columns)) for i in range(len(identified))]
    assert [str(v) for v in in_xlsx] == [text for _row, _column, text in identified]


def test_the_release_page_passes_the_accessibility_check(new_page, casework):
    """axe-core finds nothing serious on the release page, tables and charts included."""
    page = new_page(bypass_csp=True)
    account = demo_account(Role.COORDINATOR)
    sign_in(page, account.email, account.password)
    page.goto("/stats/")
    page.get_by_role("button", name="Make the release").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Release for")
    assert axe_violations(page) == []
    page.goto("/stats/")
    assert axe_violations(page) == []
