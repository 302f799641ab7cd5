"""The new-person form: gender is an explicit choice and long pasted text is refused, never cut."""

import re

from sqlalchemy import select

from caseapp.auth.models import Role
from caseapp.extensions import db
from caseapp.persons.models import Gender, Person
from tests.conftest import login, post_form

PERSON = {"given_names": "Ioana", "family_name": "", "aliases": "", "date_of_birth": "", "birth_year": "",
          "gender": "", "phones": "", "identity_document": "", "address": "", "notes": ""}


def _worker(client, org, make_user):
    login(client, make_user(org, Role.OUTREACH, locale="en").email)


def test_gender_starts_on_choose_with_nothing_selected(client, org_a, make_user):
    """The gender select opens on an empty "Choose…" and offers "not specified / unknown"."""
    _worker(client, org_a, make_user)
    page = client.get("/persons/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*id="gender".*?</select>', page, re.S).group(0)
    assert select.index('<option value="">Choose…</option>') < select.index("Female")
    assert "Not specified / unknown" in select
    assert "selected" not in select


def test_person_without_a_gender_choice_is_refused(client, org_a, make_user):
    """Leaving gender alone saves nothing and asks for a choice."""
    _worker(client, org_a, make_user)
    page = post_form(client, "/persons/new", PERSON).get_data(as_text=True)
    assert "Choose the gender" in page
    assert db.session.scalar(select(db.func.count(Person.id))) == 0


def test_not_known_is_saved_as_chosen(client, org_a, make_user):
    """Choosing "not specified / unknown" is a real answer that saves."""
    _worker(client, org_a, make_user)
    post_form(client, "/persons/new", {**PERSON, "gender": Gender.NOT_SPECIFIED.value})
    assert db.session.scalar(select(Person.gender)) == Gender.NOT_SPECIFIED


def test_pasted_text_over_the_limit_is_refused_and_kept_whole(client, org_a, make_user):
    """5,001 characters of notes are refused with the limit named, and come back uncut."""
    _worker(client, org_a, make_user)
    text = "x" * 4990 + "END-MARKER"
    page = post_form(client, "/persons/new", {**PERSON, "gender": "Feminine", "notes": text + "!"}
                     ).get_data(as_text=True)
    assert "This text has 5,001 characters; at most 5,000 fit." in page
    assert text + "!" in page
    assert 'maxlength="5000"' not in page
    assert db.session.scalar(select(db.func.count(Person.id))) == 0


def test_danish_limit_message_writes_numbers_the_danish_way(client, org_a, make_user):
    """A Danish worker reads the length and the limit with Danish thousands separators."""
    login(client, make_user(org_a, Role.OUTREACH, locale="da").email)
    page = post_form(client, "/persons/new", {**PERSON, "gender": "Feminine", "address": "a" * 5001}
                     ).get_data(as_text=True)
    assert "Teksten har 5.001 tegn, men der er højst plads til 5.000." in page
