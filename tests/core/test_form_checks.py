"""Checks every form makes: choices stripped and listed, dates within bounds, no NUL characters.

Each test sends what a person or an attacker could send through the real
forms and looks at what the user sees and what the database holds.
"""

from datetime import date

import pytest
from sqlalchemy import select

from caseapp.auth.models import Role, User
from caseapp.cases.models import Case, Consent
from caseapp.cases.services import open_case
from caseapp.contacts.models import Contact
from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from caseapp.persons.models import Person
from caseapp.shelters.models import Shelter

from tests.conftest import login, post_form
from tests.factories import new_person

BLANK = "   "
NUL_MESSAGE = "invisible null character"
CONTACT = {"occurred_at": "2024-05-14T22:30", "place_type": "street", "note": ""}


@pytest.fixture
def worker(client, org_a, make_user):
    """An outreach worker of organisation A, signed in, reading English."""
    user = make_user(org_a, Role.OUTREACH, locale="en")
    login(client, user.email)
    return user


@pytest.fixture
def case(org_a, worker):
    """An open case of organisation A."""
    return open_case(org_a.id, new_person(org_a, by=worker), worker)


def _latest(model):
    db.session.expire_all()
    return db.session.scalars(select(model)).all()[-1]


def test_closing_with_a_blank_outcome_asks_for_the_outcome(client, case):
    """outcome=%20%20%20 was a 500; now the state machine asks how the case ended, and it stays open."""
    response = post_form(client, f"/cases/{case.id}/status", {"status": "closed", "outcome": BLANK, "version": "1",
                                                              "confirm_close": "y"},
                         token_from=f"/cases/{case.id}", follow_redirects=True)
    assert response.status_code == 200
    assert "Choose how the case ended before closing it." in response.get_data(as_text=True)
    assert db.session.get(Case, case.id).status == "open"


def test_blank_municipality_and_language_are_stored_as_not_given(client, worker):
    """A contact's municipality and language of "   " (fed to the national statistics) are stored as nothing."""
    post_form(client, "/contacts/new", {**CONTACT, "municipality": BLANK, "language": BLANK})
    contact = _latest(Contact)
    assert (contact.municipality, contact.language) == (None, None)


def test_blank_citizenship_and_languages_are_not_stored(client, worker):
    """A person's citizenship and languages of "   ", alone or beside a real code, leave no blank code."""
    post_form(client, "/persons/new", {"given_names": "Ana", "gender": "Feminine",
                                       "citizenship": [BLANK, "RO"], "languages": BLANK})
    person = _latest(Person)
    assert (person.citizenship, person.languages) == ("RO", "")


def test_unlisted_code_behind_a_blank_is_refused(client, worker):
    """A blank first value once made WTForms' Optional drop the check of the values after it."""
    response = post_form(client, "/persons/new", {"given_names": "Ana", "gender": "Feminine",
                                                  "citizenship": [BLANK, "XX-not-a-country"]})
    assert "Choose one of the listed options." in response.get_data(as_text=True) or "not a valid choice" in (
        response.get_data(as_text=True))
    assert db.session.scalar(select(Person).where(Person.citizenship.like("%XX%"))) is None


@pytest.mark.parametrize("path_end, form", [
    ("decision", {"trafficking_status": "PossibleVictimOfTrafficking", "decided_by": "dis", "version": "1"}),
    ("consents", {"purpose": "keep_data"}),
])
@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31"])
def test_decision_and_consent_dates_outside_1900_to_today_are_refused(client, case, path_end, form, day):
    """Dates far in the future (9999-12-31 was accepted) or before 1900 come back with a message."""
    date_field = "decided_on" if path_end == "decision" else "on"
    response = post_form(client, f"/cases/{case.id}/{path_end}", {**form, date_field: day},
                         token_from=f"/cases/{case.id}")
    assert response.status_code == 200
    assert "Give a date between 1900 and today." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, case.id).decided_on is None
    assert db.session.scalars(select(Consent)).all() == []


def test_todays_decision_is_accepted(client, case):
    """The bound includes today."""
    post_form(client, f"/cases/{case.id}/decision", {
        "trafficking_status": "PossibleVictimOfTrafficking", "decided_by": "dis", "version": "1",
        "decided_on": date.today().isoformat()}, token_from=f"/cases/{case.id}")
    db.session.expire_all()
    assert db.session.get(Case, case.id).decided_on == date.today()


def test_nul_in_the_sign_in_email_gets_the_form_back(client):
    """email=a%00b@example.org was a 500 on PostgreSQL; now the form says what is wrong."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = post_form(client, "/login", {"email": "a\x00b@example.org", "password": "whatever-password"})
    assert response.status_code == 200
    assert NUL_MESSAGE in response.get_data(as_text=True)


def test_nul_in_a_display_name_is_refused_and_the_rest_kept(client, worker):
    """The name comes back without the NUL, with a message, and nothing is saved."""
    response = post_form(client, "/account", {"display_name": "Maja\x00 Worker", "locale": "en"})
    page = response.get_data(as_text=True)
    assert NUL_MESSAGE in page and 'value="Maja Worker"' in page
    db.session.expire_all()
    assert db.session.get(User, worker.id).display_name == "Test User"


def test_nul_in_shelter_and_organisation_names_is_refused(client, org_a, make_user):
    """Shelter names (organisation admin) and organisation names (system administrator)."""
    login(client, make_user(org_a, Role.ADMIN, locale="en").email)
    page = post_form(client, "/shelters/new", {"name": "Safe\x00house", "capacity": "4"}).get_data(as_text=True)
    assert NUL_MESSAGE in page
    assert db.session.scalar(select(Shelter).where(Shelter.name.like("Safe%"))) is None
    post_form(client, "/logout", {}, token_from="/home")
    login(client, make_user(None, Role.SYSADMIN, locale="en").email)
    page = post_form(client, "/organisations/new", {"name": "New\x00NGO", "kind": "ngo"}).get_data(as_text=True)
    assert NUL_MESSAGE in page
    assert db.session.scalar(select(Organisation).where(Organisation.name.like("New%"))) is None
