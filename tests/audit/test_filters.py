"""The audit page names actions, targets and actors in words, links to targets, and filters by GET."""

from datetime import UTC, datetime

from caseapp.audit import services
from caseapp.auth.models import Role
from tests.conftest import login
from tests.factories import new_case, new_person


def _coordinator(client, org, make_user):
    user = make_user(org, Role.COORDINATOR, locale="en", display_name="Cora Coordinator")
    login(client, user.email)
    return user


def _entry(org, action, actor=None, when=None, monkeypatch=None, **target):
    if when is not None:
        monkeypatch.setattr(services, "utcnow", lambda: when)
    services.append(action, organisation_id=org.id, actor_id=actor.id if actor else None, **target)


def test_entry_shows_action_target_and_actor_in_words_with_a_link(client, org_a, make_user):
    """An entry about a case links "Case" to the case page and names the actor with their email."""
    user = _coordinator(client, org_a, make_user)
    case = new_case(new_person(org_a, by=user), by=user)
    _entry(org_a, "user.deactivate", actor=user, target_type="case", target_id=str(case.id))
    page = client.get("/audit/").get_data(as_text=True)
    assert f'<a href="/cases/{case.id}">Case</a>' in page
    assert f"Cora Coordinator ({user.email})" in page


def test_admins_get_no_link_to_case_content(client, org_a, make_user):
    """An organisation admin sees that a case was touched but no link into it (admins never see cases)."""
    admin = make_user(org_a, Role.ADMIN, locale="en")
    worker = make_user(org_a, Role.OUTREACH)
    case = new_case(new_person(org_a, by=worker), by=worker)
    _entry(org_a, "user.deactivate", actor=admin, target_type="case", target_id=str(case.id))
    login(client, admin.email)
    page = client.get("/audit/").get_data(as_text=True)
    assert f'href="/cases/{case.id}"' not in page and "· Case</p>" in page


def test_filters_by_action_actor_and_dates(client, org_a, make_user, monkeypatch):
    """Each filter narrows the list; the URL holds only codes, ids and dates."""
    user = _coordinator(client, org_a, make_user)
    other = make_user(org_a, Role.OUTREACH, display_name="Otto Outreach")
    _entry(org_a, "shelter.create", actor=user, when=datetime(2026, 3, 2, 12, tzinfo=UTC),
           monkeypatch=monkeypatch, target_type="shelter", target_id="shelter-march")
    _entry(org_a, "user.deactivate", actor=other, when=datetime(2026, 4, 2, 12, tzinfo=UTC),
           monkeypatch=monkeypatch, target_type="user", target_id="user-april")
    by_action = client.get("/audit/?action=shelter.create").get_data(as_text=True)
    assert "shelter-march" in by_action and "user-april" not in by_action
    by_actor = client.get(f"/audit/?actor={other.id}").get_data(as_text=True)
    assert "user-april" in by_actor and "shelter-march" not in by_actor
    by_dates = client.get("/audit/?date_from=2026-04-01&date_to=2026-04-30").get_data(as_text=True)
    assert "user-april" in by_dates and "shelter-march" not in by_dates
    one_day = client.get("/audit/?date_from=2026-03-02&date_to=2026-03-02").get_data(as_text=True)
    assert "shelter-march" in one_day and "user-april" not in one_day


def test_filter_form_is_a_get_form_without_personal_data(client, org_a, make_user):
    """The filter form is sent by GET and offers users by id; no name reaches the URL."""
    _coordinator(client, org_a, make_user)
    page = client.get("/audit/").get_data(as_text=True)
    assert '<form method="get" action="/audit/"' in page
    assert 'name="date_from" type="date"' in page and 'name="action"' in page and 'name="actor"' in page


def test_reversed_dates_are_refused_and_everything_shown(client, org_a, make_user):
    """An end before the start says so and filters nothing out."""
    user = _coordinator(client, org_a, make_user)
    _entry(org_a, "shelter.create", actor=user, target_type="shelter", target_id="shelter-any")
    page = client.get("/audit/?date_from=2026-04-02&date_to=2026-04-01").get_data(as_text=True)
    assert "The end date lies before the start date." in page and "shelter-any" in page


def test_filters_stay_on_the_next_page(app, client, org_a, make_user):
    """The older-entries link keeps the filters."""
    user = _coordinator(client, org_a, make_user)
    for number in range(app.config["PAGE_SIZE"] + 1):
        _entry(org_a, "shelter.create", actor=user, target_type="shelter", target_id=f"s-{number}")
    page = client.get(f"/audit/?action=shelter.create&actor={user.id}").get_data(as_text=True)
    assert f"/audit/?page=2&amp;action=shelter.create&amp;actor={user.id}" in page or \
        f"/audit/?page=2&amp;actor={user.id}&amp;action=shelter.create" in page
