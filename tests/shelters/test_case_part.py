"""The shelters' part of the case page: closed behind its title, its state beside it, open after placing."""

import re

from caseapp.core.clock import local_today
from caseapp.core.i18n import format_date
from caseapp.shelters.placements import place
from tests.conftest import login, post_form
from tests.shelters.conftest import DAY


def _part(page):
    """The opening tag and summary of the placements part of a case page."""
    found = re.search(r'(<details[^>]*id="case-shelters"[^>]*>)\s*<summary>(.*?)</summary>', page, re.S)
    assert found, "the case page has no placements part"
    return found.group(1), re.sub(r"<[^>]+>", "", found.group(2))


def test_the_part_is_closed_and_says_whether_the_person_is_placed(client, new_case, coordinator, shelter_one):
    """Before a placement it reads "Not placed"; after, the shelter and since when, still closed."""
    case = new_case()
    login(client, coordinator.email)
    tag, summary = _part(client.get(f"/cases/{case.id}").get_data(as_text=True))
    assert " open" not in tag and "Shelter placements" in summary and "Not placed" in summary
    place(case, coordinator, shelter=shelter_one, starts_on=DAY)
    tag, summary = _part(client.get(f"/cases/{case.id}").get_data(as_text=True))
    assert " open" not in tag and "Shelter One since 1 March 2026" in summary


def test_placing_lands_on_the_part_of_the_case_page(app, client, new_case, coordinator, shelter_one):
    """The placement form sends the worker back to the placements part, saying what happened and what is next."""
    case = new_case()
    login(client, coordinator.email)
    path = f"/shelters/cases/{case.id}/place"
    with app.test_request_context():
        today = local_today().isoformat()
    response = post_form(client, path, {"shelter": str(shelter_one.id), "starts_on": today})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}#case-shelters")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "The person is placed. End the placement here when the person moves out." in page
    with app.test_request_context():
        assert format_date(local_today()) in _part(page)[1]
