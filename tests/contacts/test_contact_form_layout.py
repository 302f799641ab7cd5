"""The contact form on a phone: essentials first, the rest behind disclosures that count what is ticked."""

from caseapp.auth.models import Role
from tests.conftest import login, post_form


def _worker(client, org, make_user):
    login(client, make_user(org, Role.OUTREACH, locale="en").email)


def test_time_and_place_come_first_and_the_rest_is_closed(client, org_a, make_user):
    """A fresh form shows the time and place; signs, help, details and the person wait closed."""
    _worker(client, org_a, make_user)
    page = client.get("/contacts/new").get_data(as_text=True)
    page = page[page.index("<main"):]  # the header's menu is a disclosure too
    assert page.index('name="occurred_at"') < page.index('name="place_type"') < page.index('<details')
    for name in ("signs", "help", "more", "person"):
        assert f'<details class="disclosure" id="{name}"' in page
    assert "<details" in page and "open>" not in page[page.index("<details"):page.index("</form>")]
    assert page.count('<span class="tick-count">0</span> ticked') == 2


def test_a_form_sent_back_counts_the_ticks_without_script(client, org_a, make_user):
    """Sent back for a missing place, the closed signs disclosure says "2 ticked", rendered by the server."""
    _worker(client, org_a, make_user)
    page = post_form(client, "/contacts/new", {"occurred_at": "2024-05-14T22:30", "place_type": "",
                                               "indicators": ["DebtBondage", "WithholdsDocuments"]}
                     ).get_data(as_text=True)
    assert "Choose where the contact took place." in page
    assert '<span class="tick-count">2</span> ticked' in page
    assert '<details class="disclosure" id="signs" data-tick-count>' in page
