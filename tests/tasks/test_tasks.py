"""The task list gathers every feature's due items, grouped by day in Denmark, for workers and coordinators."""

from datetime import UTC, date, datetime, timedelta

import pytest

from caseapp import create_app
from caseapp.auth.models import Role
from caseapp.cases.services import case_workers
from caseapp.core.clock import local_today
from caseapp.core.registry import DueItem, registry
from caseapp.extensions import db
from caseapp.tasks import services
from caseapp.tasks.services import Group, group_of
from tests.conftest import IsolatedClient, login

TODAY = date(2026, 3, 25)  # a Wednesday


@pytest.mark.parametrize(("due_on", "group"), [
    (date(2026, 3, 24), Group.OVERDUE),
    (date(2026, 3, 25), Group.TODAY),
    (date(2026, 3, 26), Group.THIS_WEEK),
    (date(2026, 3, 29), Group.THIS_WEEK),  # Sunday ends the week
    (date(2026, 3, 30), Group.LATER),  # Monday starts the next
])
def test_items_are_grouped_by_calendar_day_and_week(due_on, group):
    """Yesterday is overdue, Sunday is still this week, Monday is later."""
    assert group_of(due_on, TODAY) == group


def test_on_a_sunday_only_today_is_this_week():
    """Seen from a Sunday, Monday already belongs to later."""
    assert group_of(date(2026, 3, 30), date(2026, 3, 29)) == Group.LATER


@pytest.mark.parametrize(("moment", "day"), [
    (datetime(2026, 3, 24, 22, 59, tzinfo=UTC), date(2026, 3, 24)),  # 23:59 in Copenhagen (winter time)
    (datetime(2026, 3, 24, 23, 0, tzinfo=UTC), date(2026, 3, 25)),  # midnight in Copenhagen
    (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), date(2026, 7, 1)),  # midnight in summer time
])
def test_today_is_the_date_in_copenhagen(app, moment, day):
    """An item due "today" turns overdue at midnight in Denmark, not at midnight UTC."""
    assert local_today(moment) == day


@pytest.fixture
def tasks_app(database_url):
    """An application with a source of due items: one item per worker due each day from yesterday to next week."""
    application = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": database_url})
    application.test_client_class = IsolatedClient
    registry(application).add_task_source(_items_of_the_organisation)
    return application


def _items_of_the_organisation(user, today, window):
    """Yesterday, today and in ten days for each worker the user may see (all of them for a coordinator)."""
    workers = [user] if user.role != Role.COORDINATOR else case_workers(user.organisation_id)
    return window.answer([DueItem(due_on=today + timedelta(days=days), title=f"Check {label} for {worker.display_name}",
                                  assigned_to_id=worker.id, reference=f"TST-{days}")
                          for worker in workers for days, label in ((-1, "late"), (0, "now"), (10, "soon"))])


@pytest.fixture
def team(tasks_app, make_org, make_user):
    """Emails of an outreach worker, a shelter worker and a coordinator of one organisation."""
    with tasks_app.app_context():
        org = make_org()
        users = {role: make_user(org, role, locale="en", display_name=f"{role.value} person")
                 for role in (Role.OUTREACH, Role.SHELTER_STAFF, Role.COORDINATOR)}
        db.session.commit()
        return {role: (user.email, str(user.id)) for role, user in users.items()}


def test_a_worker_sees_their_items_grouped_with_references(tasks_app, team):
    """Overdue first, then today, then later; each row shows the case reference."""
    client = tasks_app.test_client()
    login(client, team[Role.OUTREACH][0])
    page = client.get("/tasks/").get_data(as_text=True)
    late, now, soon = (page.index(f"Check {label} for outreach person") for label in ("late", "now", "soon"))
    assert page.index("Overdue") < late < page.index("Today") < now < page.index("Later") < soon
    assert "TST-10" in page and "shelter_staff person" not in page


def test_a_coordinator_sees_the_organisation_and_filters_by_worker(tasks_app, team):
    """Everyone's items, then only the chosen worker's."""
    client = tasks_app.test_client()
    login(client, team[Role.COORDINATOR][0])
    everyone = client.get("/tasks/").get_data(as_text=True)
    assert "for outreach person" in everyone and "for shelter_staff person" in everyone
    chosen = client.get(f"/tasks/?worker={team[Role.SHELTER_STAFF][1]}").get_data(as_text=True)
    assert "for shelter_staff person" in chosen and "for outreach person" not in chosen


def test_the_home_page_shows_what_is_overdue_or_due_today_first(tasks_app, team):
    """The outreach home page lists today's and overdue items before anything else, not next week's."""
    client = tasks_app.test_client()
    login(client, team[Role.OUTREACH][0])
    page = client.get("/home").get_data(as_text=True)
    assert "Check late for outreach person" in page and "Check now for outreach person" in page
    assert "Check soon" not in page
    assert page.index("Check late") < page.index("Log a contact")


def test_the_task_list_is_for_case_workers_only(client, make_org, make_user):
    """An organisation admin manages accounts, not casework: no task list."""
    admin = make_user(make_org(), Role.ADMIN)
    login(client, admin.email)
    assert client.get("/tasks/").status_code == 403


def test_a_long_group_lists_the_soonest_items_and_counts_the_rest(tasks_app, team, monkeypatch):
    """Past the page's limit a group shows its soonest items and says how many more are due."""
    monkeypatch.setattr(services, "SHOWN_PER_GROUP", 2)
    client = tasks_app.test_client()
    login(client, team[Role.COORDINATOR][0])
    page = client.get("/tasks/").get_data(as_text=True)
    overdue = page[page.index("Overdue"):page.index("Today")]
    assert overdue.count("Check late for") == 2 and "1 more task, due later than these." in overdue

