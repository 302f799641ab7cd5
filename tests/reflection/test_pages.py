"""Reflection pages: forms refuse bad input in the user's language and keep it; the board sorts by days left."""

import re
from datetime import timedelta

from caseapp.auth.models import Role
from caseapp.core.clock import local_today
from caseapp.core.i18n import format_date
from caseapp.reflection.services import period_of, start_period
from caseapp.shelters.placements import place
from caseapp.shelters.services import assign_staff, create_shelter
from tests.conftest import csrf_token, login, post_form
from tests.reflection.conftest import LENGTHS


def _running(case, staff, days_ago, **kwargs):
    today = local_today()
    return start_period(case, staff, LENGTHS, decided_on=today - timedelta(days=days_ago), decided_by="dis",
                        today=today, version=case.version, **kwargs)


def test_a_deadline_beyond_the_maximum_is_refused_and_the_form_keeps_it(client, identified_case, staff):
    """Without the override the page explains, in English, and the typed dates stay."""
    case = identified_case()
    login(client, staff.email)
    today = local_today()
    late = (today + timedelta(days=200)).isoformat()
    page = post_form(client, f"/reflection/cases/{case.id}/start", {
        "decided_on": today.isoformat(), "decided_by": "dis", "deadline": late, "version": case.version},
        ).get_data(as_text=True)
    assert "tick the override and say why" in page and f'value="{late}"' in page


def test_the_same_refusal_in_danish(client, org_a, make_user, identified_case):
    """A Danish user gets the refusal in Danish."""
    user = make_user(org_a, Role.COORDINATOR, locale="da")
    case = identified_case()
    login(client, user.email)
    today = local_today()
    page = post_form(client, f"/reflection/cases/{case.id}/start", {
        "decided_on": today.isoformat(), "decided_by": "dis", "deadline": (today - timedelta(days=1)).isoformat(),
        "version": case.version}).get_data(as_text=True)
    assert "Fristen ligger før perioden begynder" in page


def test_two_staff_extending_at_once_the_second_is_told_and_keeps_their_input(app, identified_case, staff,
                                                                             org_a, make_user):
    """Both opened the form at the same version; the second submission is refused with the stale message."""
    case = identified_case()
    period = _running(case, staff, 10)
    other = make_user(org_a, Role.COORDINATOR, locale="en")
    first, second = app.test_client(), app.test_client()
    login(first, staff.email)
    login(second, other.email)
    url = f"/reflection/cases/{case.id}/extend"
    tokens = [csrf_token(c, url) for c in (first, second)]
    base = {"decided_on": local_today().isoformat(), "decided_by": "dis", "version": period.version}
    new = (period.deadline + timedelta(days=5)).isoformat()
    assert first.post(url, data={**base, "deadline": new, "reason": "First", "csrf_token": tokens[0]}
                      ).status_code == 302
    later = (period.deadline + timedelta(days=9)).isoformat()
    page = second.post(url, data={**base, "deadline": later, "reason": "Second reason",
                                  "csrf_token": tokens[1]}).get_data(as_text=True)
    assert "Someone else changed this record" in page
    assert f'value="{later}"' in page and "Second reason" in page


def test_the_board_sorts_by_days_left_and_says_the_state_in_words(client, identified_case, staff):
    """Overdue first, then fewer days left; each row names its state and next step."""
    cases = {name: identified_case(name) for name in ("A", "B", "C")}
    _running(cases["A"], staff, 99 - 20)   # 20 days left
    _running(cases["B"], staff, 101)       # 2 days overdue
    _running(cases["C"], staff, 99 - 5, deadline=local_today() + timedelta(days=5))
    login(client, staff.email)
    page = client.get("/reflection/board").get_data(as_text=True)
    order = [page.index(cases[name].reference) for name in ("B", "C", "A")]
    assert order == sorted(order)
    assert "Overdue" in page and "7 days or less" in page and "30 days or less" in page
    assert "2 days overdue" in page and "Apply for an extension" in page


def test_shelter_staff_see_only_their_shelters_periods_on_board_and_home(client, org_a, make_user,
                                                                        identified_case, staff):
    """A period of a case placed elsewhere is not on the staff member's board or home page."""
    mine_shelter = create_shelter(org_a.id, name="Mine", capacity=4)
    other_shelter = create_shelter(org_a.id, name="Other", capacity=4)
    member = make_user(org_a, Role.SHELTER_STAFF, locale="en")
    assign_staff(mine_shelter, [member.id])
    mine, theirs = identified_case("M"), identified_case("T")
    for case, shelter in ((mine, mine_shelter), (theirs, other_shelter)):
        place(case, staff, shelter=shelter, starts_on=local_today())
        _running(case, staff, 3)
    login(client, member.email)
    for url in ("/reflection/board", "/home"):
        page = client.get(url).get_data(as_text=True)
        assert mine.reference in page and theirs.reference not in page, url
    home = client.get("/home").get_data(as_text=True)
    assert re.search(r"Mine</a> · .*3 free beds", home) and "Other" not in home


def test_the_case_page_part_shows_the_deadline_without_opening(app, client, identified_case, staff):
    """Closed, the reflection part names the deadline and its state; recording one lands on it."""
    case = identified_case()
    login(client, staff.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert re.search(r'<details class="disclosure" id="case-reflection">\s*<summary>Reflection period'
                     r'.*None recorded', page)
    today = local_today()
    response = post_form(client, f"/reflection/cases/{case.id}/start", {
        "decided_on": today.isoformat(), "decided_by": "dis", "version": case.version})
    assert response.headers["Location"].endswith(f"/cases/{case.id}#case-reflection")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    summary = re.search(r'id="case-reflection">\s*<summary>(.*?)</summary>', page, re.S).group(1)
    with app.test_request_context():
        assert format_date(period_of(case).deadline) in summary and "Later" in summary


def test_the_home_page_shows_the_nearest_deadlines_and_links_to_all(client, identified_case, staff):
    """Eleven running periods: home lists the ten nearest and links to the Deadlines page, which lists all."""
    cases = [identified_case(f"P{days}") for days in range(11)]
    for days, case in enumerate(cases):
        _running(case, staff, 80 + days)  # the first case started last: its deadline is the farthest
    login(client, staff.email)
    home = client.get("/home").get_data(as_text=True)
    assert [f">{case.reference}<" in home for case in cases] == [False] + [True] * 10
    assert 'href="/reflection/board">All 11 running periods</a>' in home
    board = client.get("/reflection/board").get_data(as_text=True)
    assert all(f">{case.reference}<" in board for case in cases)
