"""Shelter staff see the cases placed with their shelters (and recently placed ones), nothing of another shelter."""

from datetime import timedelta

from sqlalchemy import select

from caseapp.auth.models import Role
from caseapp.cases.models import Case
from caseapp.core.clock import local_today
from caseapp.core.scopes import allowed, case_condition, scope_for
from caseapp.extensions import db
from caseapp.shelters.placements import place
from tests.conftest import login, post_form


def _placed(new_case, coordinator, shelter, name, **dates):
    case = new_case(name)
    place(case, coordinator, shelter=shelter, starts_on=dates.get("starts_on", local_today()), **{
        k: v for k, v in dates.items() if k != "starts_on"})
    return case


def test_staff_of_one_shelter_see_nothing_of_anothers_people(client, new_case, coordinator, shelter_one,
                                                              shelter_two, staff_one):
    """Case, person, shelter page and lists of shelter two answer 404 or omit its people."""
    mine = _placed(new_case, coordinator, shelter_one, "Mineva")
    theirs = _placed(new_case, coordinator, shelter_two, "Otherova")
    login(client, staff_one.email)
    assert client.get(f"/cases/{mine.id}").status_code == 200
    for url in (f"/cases/{theirs.id}", f"/persons/{theirs.person_id}", f"/shelters/{shelter_two.id}",
                f"/shelters/cases/{theirs.id}/place"):
        assert client.get(url).status_code == 404, url
    for url in ("/cases/", "/cases/mine", "/contacts/", f"/shelters/{shelter_one.id}", "/shelters/"):
        assert "Otherova" not in client.get(url).get_data(as_text=True), url
    assert "Mineva" in client.get(f"/shelters/{shelter_one.id}").get_data(as_text=True)
    found = post_form(client, "/persons/", {"query": "Otherova"}).get_data(as_text=True)
    assert str(theirs.person_id) not in found and "0 persons found" in found


def test_coordinators_see_every_case_of_the_organisation(client, new_case, coordinator, shelter_one, shelter_two):
    """The coordinator reaches cases of both shelters."""
    cases = [_placed(new_case, coordinator, shelter, name) for shelter, name in
             ((shelter_one, "A"), (shelter_two, "B"))]
    login(client, coordinator.email)
    assert all(client.get(f"/cases/{case.id}").status_code == 200 for case in cases)


def test_an_ended_placement_stays_visible_for_the_configured_days(app, new_case, coordinator, shelter_one,
                                                                 staff_one):
    """Ended 90 days ago: still visible; 91 days ago: gone (PLACEMENT_VISIBLE_DAYS, default 90)."""
    today = local_today()
    recent = _placed(new_case, coordinator, shelter_one, "A", starts_on=today - timedelta(days=200),
                     ends_on=today - timedelta(days=90))
    old = _placed(new_case, coordinator, shelter_one, "B", starts_on=today - timedelta(days=200),
                  ends_on=today - timedelta(days=91))
    assert allowed(staff_one, "cases", recent.id) and not allowed(staff_one, "cases", old.id)
    app.config["PLACEMENT_VISIBLE_DAYS"] = 120
    try:
        assert allowed(staff_one, "cases", old.id)
    finally:
        app.config["PLACEMENT_VISIBLE_DAYS"] = 90


def test_the_address_is_on_the_shelter_page_only(client, coordinator, shelter_one, staff_one):
    """The secret address is shown on the shelter's own page, never in the list."""
    login(client, staff_one.email)
    assert "Secret Street 1" in client.get(f"/shelters/{shelter_one.id}").get_data(as_text=True)
    assert "Secret Street 1" not in client.get("/shelters/").get_data(as_text=True)


def test_a_refused_placement_keeps_what_was_typed(client, new_case, coordinator, shelter_one, staff_one):
    """An end before the start is refused with a message and the typed dates stay in the form."""
    case = _placed(new_case, coordinator, shelter_one, "A")
    login(client, staff_one.email)
    page = post_form(client, f"/shelters/cases/{case.id}/place", {
        "shelter": str(shelter_one.id), "starts_on": "2031-05-10", "ends_on": "2031-05-01"}).get_data(as_text=True)
    assert "The end date is before the start date." in page
    assert 'value="2031-05-10"' in page and 'value="2031-05-01"' in page


def test_a_full_shelter_asks_for_the_override_in_the_form(client, new_case, coordinator, shelter_one, staff_one):
    """Placing into a full shelter without the override explains how; with it and a reason it works."""
    for name in ("A", "B"):
        _placed(new_case, coordinator, shelter_one, name)
    case = new_case("C")
    case.assigned_to_id = staff_one.id
    db.session.flush()
    login(client, staff_one.email)
    data = {"shelter": str(shelter_one.id), "starts_on": local_today().isoformat()}
    page = post_form(client, f"/shelters/cases/{case.id}/place", data).get_data(as_text=True)
    assert "tick the override and say why" in page
    page = post_form(client, f"/shelters/cases/{case.id}/place", {**data, "override": "y"}).get_data(as_text=True)
    assert "Say why the shelter takes one more person." in page
    response = post_form(client, f"/shelters/cases/{case.id}/place",
                         {**data, "override": "y", "override_reason": "Night emergency"})
    assert response.status_code == 302


def test_the_subject_access_export_lists_placements_without_the_address(client, new_case, coordinator,
                                                                         shelter_one):
    """The person's export names the shelter and dates of each stay, never the shelter's address."""
    case = _placed(new_case, coordinator, shelter_one, "A")
    login(client, coordinator.email)
    export = client.get(f"/persons/{case.person_id}/export.json").get_data(as_text=True)
    assert '"placements"' in export and "Shelter One" in export and "Secret Street" not in export
    assert case.reference in export


def test_the_admin_assigns_staff_who_then_see_the_shelter(client, org_a, make_user, shelter_two, staff_one):
    """Ticking a staff member on the shelter's staff page gives them its page; unticking takes it away."""
    admin = make_user(org_a, Role.ADMIN, locale="en")
    login(client, admin.email)
    post_form(client, f"/shelters/{shelter_two.id}/staff", {"staff": [str(staff_one.id)]})
    assert allowed_shelter(staff_one, shelter_two)
    post_form(client, f"/shelters/{shelter_two.id}/staff", {})
    assert not allowed_shelter(staff_one, shelter_two)


def allowed_shelter(user, shelter):
    """True when ``user`` is assigned to ``shelter``."""
    from caseapp.shelters.services import staff_ids
    return user.id in staff_ids(shelter)


def test_fewer_beds_than_people_placed_is_refused_in_the_form(client, org_a, make_user, new_case, coordinator,
                                                             shelter_one):
    """The admin's edit keeps the typed values and says how many people are placed today."""
    for name in ("A", "B"):
        _placed(new_case, coordinator, shelter_one, name)
    login(client, make_user(org_a, Role.ADMIN, locale="en").email)
    page = post_form(client, f"/shelters/{shelter_one.id}/edit", {
        "name": "Shelter One renamed", "capacity": "1", "active": "y"}).get_data(as_text=True)
    assert "2 people are placed here today" in page and 'value="Shelter One renamed"' in page


def test_the_scope_as_a_condition_on_cases_holds_the_same_cases_as_its_list(org_a, new_case, coordinator, shelter_one,
                                                                            shelter_two, staff_one, make_user):
    """Placed now, ended lately or assigned: in both forms; ended long ago, another shelter's, another's: in neither."""
    today = local_today()
    placed, theirs = _placed(new_case, coordinator, shelter_one, "A"), _placed(new_case, coordinator, shelter_two, "B")
    lately = _placed(new_case, coordinator, shelter_one, "C", starts_on=today - timedelta(days=99),
                     ends_on=today - timedelta(days=9))
    _placed(new_case, coordinator, shelter_one, "D", starts_on=today - timedelta(days=400),
            ends_on=today - timedelta(days=300))
    assigned = new_case("E")
    assigned.assigned_to_id = staff_one.id
    new_case("F").assigned_to_id = make_user(org_a, Role.SHELTER_STAFF).id
    db.session.flush()
    by_condition = set(db.session.scalars(select(Case.id).where(case_condition(staff_one))))
    assert by_condition == set(db.session.scalars(scope_for(staff_one).cases)) == {placed.id, lately.id, assigned.id}
    assert theirs.id not in by_condition
