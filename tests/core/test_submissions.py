"""A creating form sent twice creates once: double taps, back-button resends and two posts at once."""

import threading

import pytest
from sqlalchemy import func, select

from caseapp.auth.models import Role
from caseapp.auth.services import create_user
from caseapp.cases.models import Case, CaseEvent, EventKind
from caseapp.contacts.models import Contact
from caseapp.extensions import db
from caseapp.orgs.models import OrganisationKind
from caseapp.orgs.services import create_organisation
from caseapp.persons.models import Person

from tests.conftest import PASSWORD, form_tokens, login
from tests.factories import new_person

CONTACT = {"occurred_at": "2024-05-14T22:30", "place_type": "street", "note": "Met near the station"}


def _count(model, *where):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def worker(client, org_a, make_user):
    """An outreach worker of organisation A, signed in, reading English."""
    user = make_user(org_a, Role.OUTREACH, locale="en")
    login(client, user.email)
    return user


@pytest.fixture
def person(org_a, worker):
    """A person of organisation A."""
    return new_person(org_a, by=worker)


def _routes(person):
    """(form page, post path, form data, what it creates) of each creating form a worker uses."""
    return {
        "contact": ("/contacts/new", "/contacts/new", CONTACT, (Contact,)),
        "contact for a person": (f"/persons/{person.id}/contacts/new", f"/persons/{person.id}/contacts/new",
                                 CONTACT, (Contact,)),
        "person": ("/persons/new", "/persons/new", {"given_names": "Mihaela", "gender": "Feminine"}, (Person,)),
        "case": (f"/cases/open/{person.id}", f"/cases/open/{person.id}", None, (Case,)),
    }


@pytest.mark.parametrize("kind", ["contact", "contact for a person", "person", "case"])
def test_the_same_form_sent_twice_creates_once_and_shows_the_first_result(client, worker, person, kind):
    """The second post of the same token (a double tap, or back and send again) creates nothing more."""
    page, path, data, (model,) = _routes(person)[kind]
    tokens = form_tokens(client, page)
    data = data if data is not None else {"assigned_to": str(worker.id)}
    before = _count(model)
    first = client.post(path, data={**tokens, **data})
    second = client.post(path, data={**tokens, **data}, follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    assert _count(model) == before + 1
    assert second.request.path == first.location
    assert "This form was sent already" in second.get_data(as_text=True)


def test_a_note_sent_twice_is_added_once(client, org_a, worker, person):
    """Notes are posted from the case page; a double tap on "Add note" adds one note."""
    from caseapp.cases.services import open_case

    case = open_case(org_a.id, person, worker)
    tokens = form_tokens(client, f"/cases/{case.id}")
    for _ in range(2):
        client.post(f"/cases/{case.id}/notes", data={**tokens, "note": "Called her sister"})
    assert _count(CaseEvent, CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.NOTE) == 1


def test_a_form_without_its_token_comes_back_with_a_fresh_one(client, worker):
    """A missing or forged token saves nothing and gives the form back with what was typed, ready to send."""
    tokens = form_tokens(client, "/contacts/new")
    response = client.post("/contacts/new", data={"csrf_token": tokens["csrf_token"], **CONTACT,
                                                  "submission": "<b>not-a-token</b>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Met near the station" in page
    assert "The form had expired" in page and _count(Contact) == 0
    assert tokens["submission"] not in page and "not-a-token" not in page


def test_another_users_token_reveals_nothing_of_their_result(app, client, org_a, make_user, worker):
    """Replaying a colleague's token creates nothing and does not lead to what they saved."""
    tokens = form_tokens(client, "/contacts/new")
    first = client.post("/contacts/new", data={**tokens, **CONTACT})
    other = app.test_client()
    login(other, make_user(org_a, Role.OUTREACH).email)
    again = client.post("/contacts/new", data={**form_tokens(client, "/contacts/new"),
                                                "submission": tokens["submission"], **CONTACT})
    replay = other.post("/contacts/new", data={**form_tokens(other, "/contacts/new"),
                                               "submission": tokens["submission"], **CONTACT})
    assert again.location == first.location
    assert replay.status_code == 302 and replay.location != first.location
    assert _count(Contact) == 1


def test_two_simultaneous_posts_of_one_form_create_one_contact(committed_db):
    """A double tap on a slow network: both posts arrive at once; one contact, and neither gets an error."""
    with committed_db.app_context():
        organisation = create_organisation(name="Double Tap NGO", kind=OrganisationKind.NGO)
        create_user(email="tap@example.org", display_name="Tap", role=Role.OUTREACH, password=PASSWORD,
                    organisation=organisation)
        db.session.commit()
    client = committed_db.test_client()
    login(client, "tap@example.org")
    tokens = form_tokens(client, "/contacts/new")
    start, answers = threading.Barrier(2), []

    def post():
        start.wait()
        answers.append(client.post("/contacts/new", data={**tokens, **CONTACT}).status_code)

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302]
    with committed_db.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contact)) == 1
