"""Features plug into the timeline, menu, erasure and task list through core's registry alone."""

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from caseapp import ROOT, create_app
from caseapp.audit.services import append
from caseapp.auth.models import Role, User
from caseapp.cases.models import Case
from caseapp.cases.services import open_case, record_event
from caseapp.core.due import DueWindows
from caseapp.core.registry import registry
from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from caseapp.persons.models import Person
from caseapp.retention.services import erase_person

from tests.conftest import IsolatedClient, login
from tests.core import throwaway
from tests.factories import new_person


@pytest.fixture
def seamed_app(database_url):
    """A fresh application with the throwaway feature registered like any other."""
    application = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": database_url})
    application.test_client_class = IsolatedClient
    throwaway.init_app(application)
    return application


@pytest.fixture
def outreach_case(seamed_app, make_org, make_user):
    """Ids of an outreach worker and a case of theirs, made in the throwaway app (it has its own keys)."""
    with seamed_app.app_context():
        org = make_org()
        worker = make_user(org, Role.OUTREACH, locale="en")
        person = new_person(org, by=worker)
        case = open_case(org.id, person, worker)
        db.session.commit()
        return SimpleNamespace(org_id=org.id, worker_id=worker.id, email=worker.email, case_id=case.id,
                               person_id=person.id)


def test_no_file_of_the_application_names_the_throwaway_feature():
    """What the other tests see take effect comes from the test package alone."""
    sources = [p for p in (ROOT / "caseapp").rglob("*") if p.suffix in {".py", ".html"}]
    assert sources and not [p for p in sources if "throwaway" in p.read_text(encoding="utf-8")]


def test_a_registered_timeline_kind_is_recorded_and_drawn_by_its_template(seamed_app, outreach_case):
    """The case page shows the new kind of event through the template the feature registered."""
    ids = outreach_case
    with seamed_app.app_context():
        record_event(db.session.get(Case, ids.case_id), ids.worker_id, throwaway.KIND, code="T-42")
        db.session.commit()
    client = seamed_app.test_client()
    login(client, ids.email)
    page = client.get(f"/cases/{ids.case_id}").get_data(as_text=True)
    assert "Throwaway step done with code T-42." in page


def test_a_registered_case_section_is_shown_with_its_own_variables(seamed_app, outreach_case):
    """The case page includes the feature's section, filled by the feature's context function."""
    ids = outreach_case
    client = seamed_app.test_client()
    login(client, ids.email)
    page = client.get(f"/cases/{ids.case_id}").get_data(as_text=True)
    assert f"Throwaway section {str(ids.case_id)[:8]}" in page


def test_an_unregistered_timeline_kind_is_refused(seamed_app, outreach_case):
    """A typo in a kind fails loudly instead of storing an event nobody can draw."""
    ids = outreach_case
    with seamed_app.app_context(), pytest.raises(ValueError, match="not registered"):
        record_event(db.session.get(Case, ids.case_id), ids.worker_id, "throwaway_typo")


def test_a_registered_menu_entry_shows_to_its_roles_only(seamed_app, outreach_case, make_user):
    """Outreach workers see the new menu entry; a coordinator of the same organisation does not."""
    ids = outreach_case
    outreach = seamed_app.test_client()
    login(outreach, ids.email)
    assert 'href="/throwaway/"' in outreach.get("/home").get_data(as_text=True)
    with seamed_app.app_context():
        coordinator = make_user(db.session.get(Organisation, ids.org_id), Role.COORDINATOR)
        email = coordinator.email
        db.session.commit()
    other = seamed_app.test_client()
    login(other, email)
    assert 'href="/throwaway/"' not in other.get("/home").get_data(as_text=True)


def test_erasure_runs_the_registered_hook_with_the_person_and_cases(seamed_app, outreach_case):
    """Erasing a person calls the feature's hook before the database cascades the rows away."""
    ids = outreach_case
    throwaway.erased.clear()
    with seamed_app.app_context():
        person = db.session.get(Person, ids.person_id)
        erase_person(ids.org_id, person, db.session.get(User, ids.worker_id), "subject_request")
        assert db.session.get(Case, ids.case_id) is None
    assert throwaway.erased == [(ids.person_id, [ids.case_id])]


def test_due_items_come_from_every_registered_source(seamed_app, outreach_case):
    """The task list asks each source for windows of days; the throwaway item is due tomorrow, in the later one."""
    ids = outreach_case
    with seamed_app.app_context():
        worker, today = db.session.get(User, ids.worker_id), date(2026, 3, 1)
        elsewhere, batch = registry().due_items(worker, today, DueWindows(((None, today), (today, None)), limit=10))
    assert [(item.due_on, item.title, item.assigned_to_id) for item in batch.items] == \
        [(date(2026, 3, 2), "Throwaway check", ids.worker_id)]
    assert batch.total == 1 and (elsewhere.items, elsewhere.total) == ([], 0)


def test_the_audit_trail_names_a_registered_action(seamed_app, outreach_case, make_user):
    """An entry the feature records shows on the audit trail page under the feature's own words."""
    ids = outreach_case
    with seamed_app.app_context():
        coordinator = make_user(db.session.get(Organisation, ids.org_id), Role.COORDINATOR, locale="en")
        append(throwaway.ACTION, organisation_id=ids.org_id, actor_id=ids.worker_id, target_type="throwaway",
               target_id=str(ids.case_id))
        email = coordinator.email
        db.session.commit()
    client = seamed_app.test_client()
    login(client, email)
    page = client.get("/audit/").get_data(as_text=True)
    # The action's code is only the filter option's value, never shown as text.
    entries = page[page.index('<ol class="audit-list">'):]
    assert "<strong>Throwaway thing inspected</strong>" in entries and throwaway.ACTION not in entries
    assert f'<option value="{throwaway.ACTION}">Throwaway thing inspected</option>' in page


def test_the_timeline_kinds_of_cases_are_registered_with_a_template_each(app):
    """Every kind the cases feature records has a template on disk."""
    templates = Path(ROOT / "caseapp" / "templates")
    kinds = registry(app).timeline_kinds.values()
    assert {"opened", "note", "status_changed"} <= {kind.code for kind in kinds}
    assert all((templates / kind.template).is_file() for kind in kinds)
