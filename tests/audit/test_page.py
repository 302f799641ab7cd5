"""The audit page: coordinators and admins see their own organisation's trail, nobody else does."""

import pytest

from caseapp.audit import services
from caseapp.auth.models import Role
from caseapp.core import pagination
from tests.conftest import login


def _signed_in(client, org, make_user, role):
    user = make_user(org, role, locale="en", display_name=f"{role} person")
    login(client, user.email)
    return user


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_page_shows_only_the_own_organisations_entries(client, org_a, org_b, make_user, role):
    """Entries of organisation B never appear on organisation A's page; labels, not codes, are shown."""
    user = _signed_in(client, org_a, make_user, role)
    services.append("user.deactivate", organisation_id=org_a.id, actor_id=user.id,
                    target_type="user", target_id="a-target-of-a")
    services.append("user.deactivate", organisation_id=org_b.id, target_type="user", target_id="a-target-of-b")
    page = client.get("/audit/").get_data(as_text=True)
    assert "a-target-of-a" in page and "User deactivated" in page and f"{role} person" in page
    assert "a-target-of-b" not in page


@pytest.mark.parametrize("role", [Role.OUTREACH, Role.SHELTER_STAFF, Role.SYSADMIN])
def test_other_roles_are_refused(client, org_a, make_user, role):
    """Outreach workers, shelter staff and the sysadmin get 403."""
    _signed_in(client, None if role == Role.SYSADMIN else org_a, make_user, role)
    assert client.get("/audit/").status_code == 403


def test_page_is_paginated_newest_first(app, client, org_a, make_user):
    """With more entries than a page holds, page 1 starts with the newest and page 2 goes on."""
    _signed_in(client, org_a, make_user, Role.COORDINATOR)
    per_page = app.config["PAGE_SIZE"]
    for number in range(per_page + 3):
        services.append("shelter.create", organisation_id=org_a.id, target_type="shelter",
                        target_id=f"shelter-{number:04d}")
    first = client.get("/audit/").get_data(as_text=True)
    second = client.get("/audit/?page=2").get_data(as_text=True)
    newest = f"shelter-{per_page + 2:04d}"
    assert newest in first and "shelter-0000" not in first
    assert "shelter-0000" in second and newest not in second and "?page=1" in second


def test_a_trail_longer_than_the_count_limit_says_more_than(monkeypatch, client, org_a, make_user):
    """Past the count limit the page stops counting and says "more than", and the older page is still linked."""
    _signed_in(client, org_a, make_user, Role.COORDINATOR)
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 2)
    monkeypatch.setitem(client.application.config, "PAGE_SIZE", 2)
    for number in range(5):
        services.append("shelter.create", organisation_id=org_a.id, target_type="shelter", target_id=f"s-{number}")
    page = client.get("/audit/").get_data(as_text=True)
    assert "More than 2 entries" in page and "?page=2" in page


def test_nav_links_to_the_page_for_coordinators_only(app, org_a, make_user):
    """The coordinator's menu links to the audit trail; the outreach worker's does not."""
    coordinator, worker = app.test_client(), app.test_client()
    _signed_in(coordinator, org_a, make_user, Role.COORDINATOR)
    _signed_in(worker, org_a, make_user, Role.OUTREACH)
    assert 'href="/audit/"' in coordinator.get("/home").get_data(as_text=True)
    assert 'href="/audit/"' not in worker.get("/home").get_data(as_text=True)
