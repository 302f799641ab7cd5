"""Case pages: opening, the timeline, status changes, conflicts, lists and their query counts."""

import re
from datetime import date

from caseapp.auth.models import Role
from caseapp.cases import services
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.extensions import db

from tests.conftest import login, post_form
from tests.factories import new_person


CASE_LINK = re.compile(r'href="/cases/[0-9a-f-]{36}"')


def _version(page):
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def test_worker_opens_a_case_and_sees_it_on_the_timeline(client, org_a, worker):
    """Opening a case from a person leads to the case page with the opening event."""
    person = new_person(org_a, by=worker)
    login(client, worker.email)
    response = post_form(client, f"/cases/open/{person.id}",
                         {"assigned_to": str(worker.id), "exploitation": ["SexualExploitation"]})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Case opened and given to Maja Worker." in page
    assert "Sexual exploitation" in page


def test_timeline_is_newest_first(client, make_case, worker):
    """A note added after opening is listed above the opening event."""
    case = make_case()
    login(client, worker.email)
    post_form(client, f"/cases/{case.id}/notes", {"note": "Second visit went well"},
              token_from=f"/cases/{case.id}")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert page.index("Second visit went well") < page.index("Case opened and given to")


def test_illegal_transition_is_refused_with_a_clear_message(client, make_case, worker):
    """Jumping from open to follow-up is refused and the status stays open."""
    case = make_case()
    login(client, worker.email)
    page = post_form(client, f"/cases/{case.id}/status", {"status": "follow_up", "version": case.version},
                     token_from=f"/cases/{case.id}", follow_redirects=True).get_data(as_text=True)
    assert "cannot become" in page
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == CaseStatus.OPEN


def test_the_second_of_two_concurrent_edits_is_refused(app, make_case, worker, org_a, make_user):
    """Two workers act on the same case page: the later action, on the old version, is refused."""
    case = make_case()
    colleague = make_user(org_a, display_name="Colleague", locale="en")
    first, second = app.test_client(), app.test_client()
    login(first, worker.email)
    login(second, colleague.email)
    version = _version(first.get(f"/cases/{case.id}").get_data(as_text=True))
    assert version == _version(second.get(f"/cases/{case.id}").get_data(as_text=True))
    post_form(first, f"/cases/{case.id}/status", {"status": "closed", "outcome": "lost_contact", "confirm_close": "y",
                                                  "version": version}, token_from=f"/cases/{case.id}")
    page = post_form(second, f"/cases/{case.id}/assign", {"assigned_to": str(colleague.id), "version": version},
                     token_from=f"/cases/{case.id}", follow_redirects=True).get_data(as_text=True)
    assert "Someone else changed this record" in page
    db.session.expire_all()
    stored = db.session.get(Case, case.id)
    assert (stored.status, stored.assigned_to_id) == (CaseStatus.CLOSED, worker.id)


def test_case_list_filters_by_status_and_worker(client, make_case, worker, org_a, make_user):
    """The organisation list filters by status and by worker; My cases shows only mine."""
    colleague = make_user(org_a, display_name="Colleague")
    make_case("Anca")
    closed = make_case("Bianca")
    services.change_status(closed, worker, "closed", closed.version, outcome="other")
    make_case("Carmen", assigned_to=colleague)
    login(client, worker.email)
    closed_page = client.get("/cases/?status=closed").get_data(as_text=True)
    assert "Bianca" in closed_page and "Anca" not in closed_page
    colleague_page = client.get(f"/cases/?worker={colleague.id}").get_data(as_text=True)
    assert "Carmen" in colleague_page and "Anca" not in colleague_page
    mine = client.get("/cases/mine").get_data(as_text=True)
    assert "Anca" in mine and "Carmen" not in mine


def test_case_list_is_paginated(app, client, make_case, worker, monkeypatch):
    """PAGE_SIZE cases a page; the last page holds the rest."""
    monkeypatch.setitem(app.config, "PAGE_SIZE", 10)
    for number in range(11):
        make_case(f"Person{number:02d}")
    login(client, worker.email)
    first = client.get("/cases/").get_data(as_text=True)
    assert "11 cases" in first and "Page 1 of 2" in first
    assert len(CASE_LINK.findall(first)) == 10
    second = client.get("/cases/?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and len(CASE_LINK.findall(second)) == 1


def test_case_list_needs_the_same_number_of_queries_for_3_and_30_cases(client, make_case, worker,
                                                                        count_statements):
    """No query per row: the list costs the same whatever the number of cases."""
    login(client, worker.email)
    for number in range(3):
        make_case(f"Few{number}")
    few = count_statements(lambda: client.get("/cases/"))
    for number in range(27):
        make_case(f"Many{number}")
    many = count_statements(lambda: client.get("/cases/"))
    assert few == many


def test_case_page_needs_the_same_number_of_queries_for_3_and_30_events(client, make_case, worker,
                                                                         count_statements):
    """No query per event: the case page costs the same whatever the length of its timeline."""
    case = make_case()
    login(client, worker.email)
    few = count_statements(lambda: client.get(f"/cases/{case.id}"))
    for number in range(27):
        services.add_note(case, worker, f"note {number}")
    many = count_statements(lambda: client.get(f"/cases/{case.id}"))
    assert few == many


def test_admins_do_not_see_case_content(client, make_case, org_a, make_user):
    """Organisation admins get 403 on case pages."""
    case = make_case()
    login(client, make_user(org_a, Role.ADMIN).email)
    assert client.get(f"/cases/{case.id}").status_code == 403
    assert client.get("/cases/").status_code == 403


def test_note_is_stored_encrypted(make_case, worker):
    """A timeline note is not in the case_events table in plaintext."""
    from sqlalchemy import select

    from caseapp.cases.models import CaseEvent

    case = make_case()
    services.add_note(case, worker, "Canary-note-5521")
    rows = db.session.execute(select(CaseEvent.__table__)).mappings().all()
    assert all(b"Canary-note-5521" not in bytes(row["note_enc"] or b"") for row in rows)
    assert all("Canary-note-5521" not in str(row["detail"]) for row in rows)


def test_case_page_names_every_code_in_words(client, make_case, worker):
    """Status, outcome, decision, consent and exploitation show as translated words, on the summary and timeline."""
    case = make_case(exploitation=["ForcedBegging"])
    services.give_consent(case, worker, "share_police")
    services.record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="cmm",
                             decided_on=date(2026, 3, 2), version=case.version)
    services.change_status(case, worker, "closed", case.version, outcome="residence_permit")
    db.session.commit()
    login(client, worker.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Closed (Residence permit)" in page
    assert "Actual victim · Centre against Human Trafficking" in page
    assert "Forced begging" in page
    assert "Share with the police: given" in page
    assert "Status changed from “Open” to “Identified”." in page
    assert "Status changed from “Identified” to “Closed”. Outcome: Residence permit." in page
    assert "Decision: Actual victim, by Centre against Human Trafficking" in page
    assert "Consent given: Share with the police." in page
