"""Which events reach the audit trail, with which ids, and that they never carry personal data."""

import pytest
from sqlalchemy import text

from caseapp.audit import services
from caseapp.auth.models import Role
from caseapp.cases.services import open_case
from caseapp.contacts.models import PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.core.models import utcnow
from caseapp.extensions import db

from tests.conftest import PASSWORD, login, post_form
from tests.factories import new_person

CANARY_NAME = "Quvernaxia"
CANARY_PHONE = "+45 29 87 65 43"
CANARY_EMAIL = "quvernaxia.canary@example.org"


def _signed_in(client, org, make_user, role=Role.OUTREACH, **kwargs):
    user = make_user(org, role, locale="en", **kwargs)
    login(client, user.email)
    return user


def test_failed_and_successful_sign_ins_are_recorded(client, org_a, make_user, entries):
    """A wrong password and then the right one give a failure and a success entry, with the account's id."""
    user = make_user(org_a, Role.COORDINATOR, locale="en")
    post_form(client, "/login", {"email": user.email, "password": "wrong-" + PASSWORD})
    post_form(client, "/login", {"email": "nobody@example.org", "password": PASSWORD})
    assert len(entries("sign_in.failure")) == 2
    login(client, user.email)
    [success] = entries("sign_in.success")
    assert (success.actor_id, success.organisation_id, success.target_id) == (user.id, org_a.id, str(user.id))


def test_sign_out_is_recorded(client, org_a, make_user, entries):
    """Signing out leaves an entry for the user."""
    user = _signed_in(client, org_a, make_user)
    post_form(client, "/logout", {}, token_from="/home")
    assert [entry.actor_id for entry in entries("sign_out")] == [user.id]


def test_viewing_a_person_records_the_person_id(client, org_a, make_user, entries):
    """The person page and the edit form each leave an entry naming the person by id only."""
    user = _signed_in(client, org_a, make_user)
    person = new_person(org_a, by=user)
    assert client.get(f"/persons/{person.id}").status_code == 200
    assert client.get(f"/persons/{person.id}/edit").status_code == 200
    [view] = entries("person.view")
    assert (view.actor_id, view.organisation_id, view.target_type, view.target_id) == (
        user.id, org_a.id, "person", str(person.id))
    assert [entry.target_id for entry in entries("person.edit_form")] == [str(person.id)]


def test_search_records_the_count_and_ids_shown_never_the_query(client, org_a, make_user, entries):
    """One entry per search: how many persons were shown and which, not what was typed."""
    user = _signed_in(client, org_a, make_user)
    person = new_person(org_a, by=user, given_names=CANARY_NAME)
    post_form(client, "/persons/", {"query": CANARY_NAME})
    [search] = entries("person.search")
    assert search.detail == {"count": 1, "person_ids": [str(person.id)]}


def test_case_and_contact_pages_are_recorded(client, org_a, make_user, entries):
    """The case page and the contact page each leave an entry with their own id and the person's."""
    user = _signed_in(client, org_a, make_user)
    person = new_person(org_a, by=user)
    case = open_case(org_a.id, person, user)
    contact = log_contact(org_a.id, user.id, ContactData(occurred_at=utcnow(), place_type=PlaceType.STREET),
                          person=person)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/contacts/{contact.id}").status_code == 200
    [case_view], [contact_view] = entries("case.view"), entries("contact.view")
    assert (case_view.target_id, case_view.detail) == (str(case.id), {"person_id": str(person.id)})
    assert (contact_view.target_id, contact_view.detail) == (str(contact.id), {"person_id": str(person.id)})


def test_a_403_records_access_refused(client, org_a, make_user, entries):
    """An outreach worker opening the user list is refused, and the refusal is recorded."""
    user = _signed_in(client, org_a, make_user)
    assert client.get("/admin/users").status_code == 403
    [refusal] = entries("access.refused")
    assert (refusal.actor_id, refusal.organisation_id) == (user.id, org_a.id)
    assert refusal.detail == {"endpoint": "admin.users", "status": 403}


def test_another_organisations_person_is_a_recorded_404(client, org_a, org_b, make_user, entries):
    """Asking for a person of another organisation gives 404 and an entry naming the id asked for."""
    other = new_person(org_b, by=make_user(org_b))
    _signed_in(client, org_a, make_user)
    assert client.get(f"/persons/{other.id}").status_code == 404
    [refusal] = entries("access.refused")
    assert refusal.detail == {"endpoint": "persons.show", "status": 404, "person_id": str(other.id)}
    assert entries("person.view") == []


def test_admin_changes_are_recorded(client, org_a, make_user, entries):
    """Creating, deactivating, reactivating a user, resetting a password and adding a shelter are recorded."""
    admin = _signed_in(client, org_a, make_user, Role.ADMIN)
    post_form(client, "/admin/users/new", {"email": "new@example.org", "display_name": "New User",
                                           "role": "coordinator", "locale": "da"})
    [created] = entries("user.create")
    user_id = created.target_id
    for path in ("deactivate", "reactivate", "reset-password"):
        version = db.session.execute(text("SELECT version FROM users WHERE email = 'new@example.org'")).scalar()
        post_form(client, f"/admin/users/{user_id}/{path}", {"version": version, "confirm": "y"},
                  token_from="/admin/users")
    post_form(client, "/shelters/new", {"name": "Shelter One", "capacity": "4"})
    actions = [(entry.action, entry.actor_id, entry.organisation_id) for entry in entries()
               if entry.action.startswith(("user.", "shelter."))]
    assert actions == [(action, admin.id, org_a.id) for action in (
        "user.create", "user.deactivate", "user.reactivate", "user.password_reset", "shelter.create")]
    assert created.detail == {"role": "coordinator"}
    assert {entry.target_id for entry in entries() if entry.action.startswith("user.")} == {user_id}


def test_failed_change_leaves_no_entry(client, org_a, make_user, entries):
    """A deactivation refused for a stale version records nothing: the change did not happen."""
    _signed_in(client, org_a, make_user, Role.ADMIN)
    other = make_user(org_a)
    post_form(client, f"/admin/users/{other.id}/deactivate", {"version": other.version + 7, "confirm": "y"},
              token_from="/admin/users")
    assert entries("user.deactivate") == []


def test_sysadmin_changes_go_to_the_organisations_trail(client, make_user, entries):
    """Creating an organisation and its admin is recorded in that organisation's trail."""
    sysadmin = _signed_in(client, None, make_user, Role.SYSADMIN)
    post_form(client, "/organisations/new", {"name": "Fresh NGO", "kind": "ngo"})
    [created] = entries("organisation.create")
    post_form(client, f"/organisations/{created.target_id}/admins/new",
              {"email": "boss@example.org", "display_name": "Boss", "locale": "da"})
    [admin] = entries("organisation.admin_create")
    assert created.actor_id == admin.actor_id == sysadmin.id
    assert str(created.organisation_id) == str(admin.organisation_id) == created.target_id


def test_no_entry_carries_a_name_email_phone_or_search_text(app, client, org_a, make_user, entries):
    """Canary values typed as a person, searched for and given to a user are in no audit column."""
    admin_client, stranger = app.test_client(), app.test_client()
    _signed_in(admin_client, org_a, make_user, Role.ADMIN)
    post_form(admin_client, "/admin/users/new", {"email": CANARY_EMAIL, "display_name": CANARY_NAME,
                                                 "role": "outreach", "locale": "da"})
    post_form(stranger, "/login", {"email": CANARY_EMAIL, "password": CANARY_NAME})
    worker = _signed_in(client, org_a, make_user, display_name=CANARY_NAME)
    response = post_form(client, "/persons/new", {
        "given_names": CANARY_NAME, "family_name": CANARY_NAME, "aliases": CANARY_NAME, "gender": "Feminine",
        "phones": CANARY_PHONE, "notes": CANARY_NAME, "birth_year": "", "date_of_birth": "",
        "identity_document": "", "address": ""})
    client.get(response.headers["Location"])
    post_form(client, "/persons/", {"query": CANARY_NAME})
    post_form(client, "/persons/", {"query": CANARY_PHONE})
    rows = db.session.execute(text("SELECT * FROM audit_entries")).all()
    assert len(rows) >= 6 and worker.id in {entry.actor_id for entry in entries()}
    stored = " ".join(str(value) for row in rows for value in row).lower()
    for needle in (CANARY_NAME, CANARY_EMAIL, "29876543", "quvernaxia"):
        assert needle.lower() not in stored


def test_entries_cannot_be_changed_or_deleted_in_the_database(app, org_a, make_user):
    """The append-only triggers refuse UPDATE and DELETE even from a direct SQL session."""
    services.append("sign_in.success", organisation_id=org_a.id)
    for statement in ("UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries"):
        savepoint = db.session.begin_nested()
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement))
        savepoint.rollback()


def test_person_page_fails_when_its_entry_cannot_be_written(client, org_a, make_user, monkeypatch):
    """No audit record, no personal data: a failing audit write fails the request."""
    user = _signed_in(client, org_a, make_user)
    person = new_person(org_a, by=user)

    def broken(*_args, **_kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "append", broken)
    with pytest.raises(RuntimeError, match="audit store unavailable"):
        client.get(f"/persons/{person.id}")


def test_admin_unlock_and_second_factor_reset_are_audited(app, client, org_a, make_user):
    """Unlocking a user and resetting their two-factor sign-in each leave an entry with the user's id."""
    from sqlalchemy import select

    from caseapp.audit.models import AuditEntry
    from caseapp.auth import twofactor
    from caseapp.auth.models import Role
    from caseapp.extensions import db
    from tests.conftest import login, post_form

    user = make_user(org_a)
    user.totp_secret = twofactor.new_secret()
    db.session.flush()
    login(client, make_user(org_a, Role.ADMIN).email)
    post_form(client, f"/admin/users/{user.id}/unlock", {"version": user.version}, token_from="/admin/users")
    db.session.refresh(user)
    post_form(client, f"/admin/users/{user.id}/reset-second-factor", {"version": user.version, "confirm": "y"},
              token_from="/admin/users")
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == str(user.id))).all()
    assert {"user.unlock", "user.reset_second_factor"} <= set(actions)
