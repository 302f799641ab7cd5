"""Deactivating a user and resetting their second factor ask for "I understand" on a page of their own."""

import re

import pytest

from caseapp.auth import twofactor
from caseapp.auth.models import Role
from caseapp.extensions import db
from tests.conftest import login, post_form

ACTIONS = [("deactivate", "Deactivate a user", lambda user: not user.active),
           ("reset-second-factor", "Reset two-factor sign-in", lambda user: user.totp_secret is None)]


def _setup(client, org_a, make_user):
    login(client, make_user(org_a, Role.ADMIN, locale="en").email)
    worker = make_user(org_a, display_name="Maja Worker")
    worker.totp_secret = twofactor.new_secret()
    db.session.flush()
    return worker


@pytest.mark.parametrize(("path", "title", "done"), ACTIONS)
def test_user_list_links_to_a_confirmation_page(client, org_a, make_user, path, title, done):
    """The user list's button opens a page naming the user and the consequences; nothing has happened yet."""
    worker = _setup(client, org_a, make_user)
    listing = client.get("/admin/users").get_data(as_text=True)
    assert f'href="/admin/users/{worker.id}/{path}"' in listing
    page = client.get(f"/admin/users/{worker.id}/{path}").get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page and "Maja Worker" in page
    assert re.search(r'<input id="confirm" name="confirm"[^>]*type="checkbox"', page)
    assert 'class="field checkbox confirm"' in page
    db.session.refresh(worker)
    assert not done(worker)


@pytest.mark.parametrize(("path", "title", "done"), ACTIONS)
def test_action_without_the_box_ticked_does_nothing(client, org_a, make_user, path, title, done):
    """Sending the confirmation page without the box shows it again with the reason; the user is unchanged."""
    worker = _setup(client, org_a, make_user)
    page = post_form(client, f"/admin/users/{worker.id}/{path}", {"version": worker.version}).get_data(as_text=True)
    assert "Tick the box to confirm." in page and f"<h1>{title}</h1>" in page
    db.session.refresh(worker)
    assert not done(worker)


@pytest.mark.parametrize(("path", "title", "done"), ACTIONS)
def test_action_with_the_box_ticked_happens(client, org_a, make_user, path, title, done):
    """With "I understand" ticked the action is carried out."""
    worker = _setup(client, org_a, make_user)
    post_form(client, f"/admin/users/{worker.id}/{path}", {"version": worker.version, "confirm": "y"})
    db.session.refresh(worker)
    assert done(worker)
