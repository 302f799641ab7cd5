"""Unexpected errors get a page that cannot fail, and a busy database never costs the user their text.

Faults are injected by replacing a service with one that fails the way the
database does (a lock timeout, a constraint violation that leaves the
session needing a rollback); the requests go through the real app.
"""

import logging
import re
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from caseapp.auth.models import Role
from caseapp.cases import services as case_services
from caseapp.cases.models import CaseEvent, EventKind
from caseapp.cases.services import open_case
from caseapp.contacts import services as contact_services
from caseapp.contacts.models import Contact
from caseapp.core.submissions import SubmissionToken
from caseapp.extensions import db

from tests.conftest import form_tokens, login, post_form
from tests.factories import new_person

NOTE = "She said the employer keeps her passport <b>and</b> her wages"
REFERENCE_RE = re.compile(r"Error reference: ([0-9a-f]{12})")


def _locked(*_args, **_kwargs):
    raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def case(client, org_a, make_user):
    """An open case of organisation A, with an English-reading worker signed in."""
    worker = make_user(org_a, Role.OUTREACH, locale="en")
    login(client, worker.email)
    return open_case(org_a.id, new_person(org_a, by=worker), worker)


def _notes(case):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.NOTE))


def _assert_strict_headers(response):
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store" and headers["X-Frame-Options"] == "DENY"


def test_unexpected_error_page_has_headers_and_a_logged_reference(client, case, monkeypatch, caplog):
    """A crash answers 500 in the user's language with the security headers and a reference found in the log."""
    def crash(*_args, **_kwargs):
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(case_services, "add_note", crash)
    with caplog.at_level(logging.ERROR):
        response = post_form(client, f"/cases/{case.id}/notes", {"note": NOTE}, token_from=f"/cases/{case.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong" in page
    _assert_strict_headers(response)
    reference = REFERENCE_RE.search(page).group(1)
    logged = [record for record in caplog.records if reference in record.getMessage()]
    assert logged and logged[0].exc_info[0] is RuntimeError
    assert NOTE not in caplog.text


def test_error_after_a_failed_flush_still_gets_the_apps_page(client, case, monkeypatch):
    """A constraint violation leaves the session needing a rollback; the error page must not read through it.

    This was PendingRollbackError inside the 500 handler while choosing the
    locale, and the user saw Werkzeug's bare English page.
    """
    existing = form_tokens(client, f"/cases/{case.id}")["submission"]
    post_form(client, f"/cases/{case.id}/notes", {"note": "first", "submission": existing},
              token_from=f"/cases/{case.id}")

    def duplicate(*_args, **_kwargs):
        db.session.add(SubmissionToken(token=existing, user_id=case.assigned_to_id))
        db.session.flush()

    monkeypatch.setattr(case_services, "add_note", duplicate)
    response = post_form(client, f"/cases/{case.id}/notes", {"note": NOTE}, token_from=f"/cases/{case.id}")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)  # English: the user's language
    assert REFERENCE_RE.search(response.get_data(as_text=True))
    _assert_strict_headers(response)


def test_a_note_that_meets_a_busy_database_comes_back_as_typed(client, case, monkeypatch):
    """The case page returns with the note's text in its box and a request to send it again; nothing saved."""
    monkeypatch.setattr(case_services, "add_note", _locked)
    response = post_form(client, f"/cases/{case.id}/notes", {"note": NOTE}, token_from=f"/cases/{case.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was saved" in page and "Check it and send it again" in page
    assert "She said the employer keeps her passport &lt;b&gt;and&lt;/b&gt; her wages</textarea>" in page
    _assert_strict_headers(response)
    assert _notes(case) == 0


def test_a_contact_that_meets_a_busy_database_comes_back_as_typed(client, case, monkeypatch):
    """The same for a form page of its own: the contact form returns filled in."""
    monkeypatch.setattr(contact_services, "log_contact", _locked)
    response = post_form(client, "/contacts/new", {"occurred_at": "2024-05-14T22:30", "place_type": "street",
                                                   "municipality": "Odense", "note": "Outside the station"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing was saved" in page
    assert "Outside the station</textarea>" in page and '<option selected value="Odense">' in page
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 0


def test_a_one_button_action_on_a_busy_database_gets_the_try_again_page(client, org_a, make_user, monkeypatch):
    """Nothing was typed, so a 503 page with a reference asks to try again."""
    from caseapp.admin import services as admin_services

    admin = make_user(org_a, Role.ADMIN, locale="en")
    target = make_user(org_a, Role.OUTREACH)
    login(client, admin.email)
    monkeypatch.setattr(admin_services, "set_active", _locked)
    response = post_form(client, f"/admin/users/{target.id}/reactivate", {"version": str(target.version)},
                         token_from="/admin/users")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "The system is busy right now" in page and REFERENCE_RE.search(page)
    assert "Nothing was saved: too many" not in client.get("/admin/users").get_data(as_text=True)
    _assert_strict_headers(response)
