"""Case page forms: the decision starts empty, notes that are empty or too long are refused aloud."""

import re
from datetime import date

from caseapp.cases import services
from caseapp.cases.models import Case, CaseEvent
from caseapp.extensions import db
from sqlalchemy import select

from tests.conftest import login, post_form


def _version(page):
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def _select(page, name):
    return re.search(rf'<select[^>]*id="{name}".*?</select>', page, re.S).group(0)


def test_decision_form_starts_empty_even_after_a_decision(client, make_case, worker):
    """Neither the decision nor who decided is preselected, so a stray tap records nothing."""
    case = make_case()
    services.record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="cmm",
                             decided_on=date(2026, 3, 2), version=case.version)
    db.session.commit()
    login(client, worker.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    for name in ("trafficking_status", "decided_by"):
        assert "selected" not in _select(page, name)
        assert '<option value="">Choose…</option>' in _select(page, name)


def test_decision_sent_without_choices_is_refused(client, make_case, worker):
    """Sending the decision form untouched asks for the decision and saves nothing."""
    case = make_case()
    login(client, worker.email)
    path = f"/cases/{case.id}"
    page = post_form(client, f"{path}/decision", {"trafficking_status": "", "decided_by": "",
                                                   "decided_on": "2026-01-02",
                                                   "version": _version(client.get(path).get_data(as_text=True))},
                     token_from=path).get_data(as_text=True)
    assert "Choose the decision." in page and "Choose who decided." in page
    db.session.expire_all()
    assert db.session.get(Case, case.id).trafficking_status is None


def _note(client, case, text):
    path = f"/cases/{case.id}"
    return post_form(client, f"{path}/notes", {"note": text}, token_from=path).get_data(as_text=True)


def _notes(case):
    return db.session.scalar(select(db.func.count(CaseEvent.id)).where(CaseEvent.case_id == case.id,
                                                                      CaseEvent.kind == "note"))


def test_empty_note_says_so(client, make_case, worker):
    """An empty note is refused with a message beside the field."""
    case = make_case()
    login(client, worker.email)
    page = _note(client, case, "   ")
    assert "Write the note before adding it." in page
    assert _notes(case) == 0


def test_note_over_the_limit_is_refused_and_kept(client, make_case, worker):
    """A pasted note of 5,001 characters comes back whole with the limit named."""
    case = make_case()
    login(client, worker.email)
    text = "y" * 4990 + "NOTE-END-1"
    page = _note(client, case, text + "!")
    assert "This text has 5,001 characters; at most 5,000 fit." in page
    assert text + "!</textarea>" in page
    assert _notes(case) == 0


def test_closing_without_the_confirmation_is_refused(client, make_case, worker):
    """Closing asks for the "I understand" box; without it the case stays open."""
    case = make_case()
    login(client, worker.email)
    path = f"/cases/{case.id}"
    version = _version(client.get(path).get_data(as_text=True))
    page = post_form(client, f"{path}/status", {"status": "closed", "outcome": "lost_contact", "version": version},
                     token_from=path).get_data(as_text=True)
    assert "Tick the box to confirm closing the case." in page
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "open"
    post_form(client, f"{path}/status", {"status": "closed", "outcome": "lost_contact", "version": version,
                                         "confirm_close": "y"}, token_from=path)
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "closed"


def test_case_page_puts_the_one_next_step_before_the_timeline(client, make_case, worker):
    """Without a decision the next step is the decision; the other actions wait in closed disclosures."""
    case = make_case()
    login(client, worker.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Next step: record the identification decision" in page
    assert page.index('id="trafficking_status"') < page.index('id="timeline-heading"')
    for name in ("change-status", "change-worker", "change-exploitation", "change-consent", "add-note"):
        assert f'<details class="disclosure" id="{name}">' in page or \
            f'<details class="disclosure" id="{name}" data-tick-count>' in page


def test_after_the_decision_the_next_step_is_the_status(client, make_case, worker):
    """Once decided, the status moves up front and the decision waits behind its disclosure."""
    case = make_case()
    services.record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="cmm",
                             decided_on=date(2026, 3, 2), version=case.version)
    login(client, worker.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Next step: move the case on" in page
    assert page.index('id="status"') < page.index('id="timeline-heading"')
    assert '<details class="disclosure" id="change-decision">' in page


def test_a_refused_form_comes_back_in_its_open_disclosure(client, make_case, worker):
    """An empty note comes back with the note disclosure open, so the message is seen."""
    case = make_case()
    login(client, worker.email)
    page = _note(client, case, "")
    assert '<details class="disclosure" id="add-note" open>' in page


def test_status_form_starts_on_choose_and_refuses_an_untouched_send(client, make_case, worker):
    """The new status is not preselected; sending the form untouched asks for one and changes nothing."""
    case = make_case()
    services.record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="cmm",
                             decided_on=date(2026, 3, 2), version=case.version)
    before = case.status
    login(client, worker.email)
    path = f"/cases/{case.id}"
    page = client.get(path).get_data(as_text=True)
    assert "selected" not in _select(page, "status") and '<option value="">Choose…</option>' in _select(page, "status")
    page = post_form(client, f"{path}/status", {"status": "", "outcome": "", "version": _version(page)},
                     token_from=path).get_data(as_text=True)
    assert "Choose the new status." in page
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == before
