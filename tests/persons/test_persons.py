"""Persons through the UI: create, view, edit, search, duplicates and conflicts."""

import re
import uuid

from sqlalchemy import select

from caseapp.auth.models import Role
from caseapp.cases.services import open_case
from caseapp.contacts.models import PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.core.models import utcnow
from caseapp.extensions import db
from caseapp.persons.models import Gender, Person
from caseapp.persons.services import PersonData, create_person
from tests.conftest import login, post_form

EMPTY_PERSON = {"given_names": "", "family_name": "", "aliases": "", "date_of_birth": "", "birth_year": "",
                "gender": "Feminine", "phones": "", "identity_document": "", "address": "", "notes": ""}


def _worker(client, org, make_user, role=Role.OUTREACH):
    user = make_user(org, role, locale="en")
    login(client, user.email)
    return user


def _create(client, **fields):
    return post_form(client, "/persons/new", {**EMPTY_PERSON, **fields})


def _search(client, text):
    return post_form(client, "/persons/", {"query": text}).get_data(as_text=True)


def test_created_person_is_shown_decrypted(client, org_a, make_user):
    """What the worker typed is what the person page shows."""
    _worker(client, org_a, make_user)
    response = _create(client, given_names="Ioana", family_name="Dumitru", phones="+40 721 234 567",
                       notes="Met near the station", citizenship=["RO"], languages=["ro"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for shown in ("Ioana", "Dumitru", "+40 721 234 567", "Met near the station", "Romania", "Romanian"):
        assert shown in page


def test_person_page_is_never_cached(client, org_a, make_user):
    """A page with decrypted personal data carries Cache-Control: no-store."""
    user = _worker(client, org_a, make_user)
    person = create_person(org_a.id, user.id, PersonData(given_names="Ioana"))
    assert client.get(f"/persons/{person.id}").headers["Cache-Control"] == "no-store"


def test_search_finds_a_name_whatever_the_spacing_case_and_hyphens(client, org_a, make_user):
    """"ana maria popescu" finds "Ana-Maria  Popescu"."""
    user = _worker(client, org_a, make_user)
    create_person(org_a.id, user.id, PersonData(given_names="Ana-Maria ", family_name=" Popescu"))
    create_person(org_a.id, user.id, PersonData(given_names="Elena", family_name="Popa"))
    page = _search(client, "ana maria popescu")
    assert "1 person found" in page
    assert "Ana-Maria" in page and "Elena" not in page


def test_search_finds_a_phone_number_typed_in_any_common_format(client, org_a, make_user):
    """The same number typed with spaces, 00, brackets or dashes finds the person."""
    user = _worker(client, org_a, make_user)
    create_person(org_a.id, user.id, PersonData(given_names="Ioana", phones=["+40 721 234 567"]))
    for typed in ("+40721234567", "0040 721 234 567", "(+40) 721-234-567", "+40 (721) 234 567"):
        assert "Ioana" in _search(client, typed), typed


def test_search_finds_an_alias_and_a_date_of_birth(client, org_a, make_user):
    """Aliases and dates of birth (in Danish or ISO form) are searchable."""
    from datetime import date

    user = _worker(client, org_a, make_user)
    create_person(org_a.id, user.id, PersonData(aliases=["Sunny"], date_of_birth=date(1999, 4, 3)))
    assert "“Sunny”" in _search(client, "SUNNY")
    assert "“Sunny”" in _search(client, "03.04.1999")
    assert "“Sunny”" in _search(client, "1999-04-03")


def test_search_never_shows_another_organisations_person(client, org_a, org_b, make_user):
    """The same name in another organisation is not found."""
    other = make_user(org_b)
    create_person(org_b.id, other.id, PersonData(given_names="Ana-Maria", family_name="Popescu"))
    _worker(client, org_a, make_user)
    assert "0 persons found" in _search(client, "Ana-Maria Popescu")


def test_search_text_never_appears_in_a_url(client, org_a, make_user):
    """The search form posts; a query string in the URL is ignored."""
    user = _worker(client, org_a, make_user)
    create_person(org_a.id, user.id, PersonData(given_names="Ioana"))
    page = client.get("/persons/?query=Ioana").get_data(as_text=True)
    assert 'method="post"' in page
    assert "person found" not in page


def test_possible_duplicate_is_shown_and_nothing_saved_until_confirmed(client, org_a, make_user):
    """Creating a person with an existing name warns first; confirming saves the second person."""
    user = _worker(client, org_a, make_user)
    create_person(org_a.id, user.id, PersonData(given_names="Ana Maria", family_name="Popescu"))
    page = _create(client, given_names="ana-maria", family_name="POPESCU").get_data(as_text=True)
    assert "Possible duplicate" in page
    assert db.session.scalar(select(db.func.count(Person.id))) == 1
    _create(client, given_names="ana-maria", family_name="POPESCU", confirm_duplicate="y")
    assert db.session.scalar(select(db.func.count(Person.id))) == 2


def test_shared_phone_number_is_a_possible_duplicate(client, org_a, make_user):
    """A new person with a known phone number, typed differently, triggers the warning."""
    user = _worker(client, org_a, make_user)
    create_person(org_a.id, user.id, PersonData(given_names="Ioana", phones=["+40 721 234 567"]))
    page = _create(client, given_names="Someone Else", phones="0040721234567").get_data(as_text=True)
    assert "Possible duplicate" in page


def test_invalid_phone_number_gets_a_message_and_saves_nothing(client, org_a, make_user):
    """A phone line that is not a number is refused with a clear message."""
    _worker(client, org_a, make_user)
    page = _create(client, given_names="Ioana", phones="call her at the bar").get_data(as_text=True)
    assert "This is not a phone number" in page
    assert "Nothing was saved" in page
    assert db.session.scalar(select(db.func.count(Person.id))) == 0


def test_person_without_name_or_alias_is_refused(client, org_a, make_user):
    """A person must be findable again: a name or an alias is needed."""
    _worker(client, org_a, make_user)
    page = _create(client, notes="no name given").get_data(as_text=True)
    assert "Give a name or at least one alias." in page


def test_danish_user_gets_danish_validation_messages(client, org_a, make_user):
    """Validation messages follow the user's language."""
    login(client, make_user(org_a, Role.OUTREACH, locale="da").email)
    page = _create(client, given_names="Ioana", date_of_birth="2999-01-01").get_data(as_text=True)
    assert "Fødselsdatoen skal ligge mellem 1900 og i dag." in page


def test_second_of_two_concurrent_edits_is_refused_and_the_first_survives(app, org_a, make_user):
    """Two workers edit the same person: the later save, based on the old version, is refused."""
    user = make_user(org_a)
    person = create_person(org_a.id, user.id, PersonData(given_names="Ioana", notes="original"))
    first, second = app.test_client(), app.test_client()
    _worker(first, org_a, make_user)
    _worker(second, org_a, make_user)
    first_form = first.get(f"/persons/{person.id}/edit").get_data(as_text=True)
    second_form = second.get(f"/persons/{person.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', first_form).group(1)
    assert version == re.search(r'name="version" type="hidden" value="(\d+)"', second_form).group(1)
    post_form(first, f"/persons/{person.id}/edit", {**EMPTY_PERSON, "given_names": "Ioana", "notes": "first",
                                                    "version": version})
    page = post_form(second, f"/persons/{person.id}/edit", {**EMPTY_PERSON, "given_names": "Ioana",
                                                            "notes": "second", "version": version})
    assert "Someone else changed this record" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, person.id).notes == "first"


def test_admins_and_other_organisations_cannot_open_a_person(client, org_a, org_b, make_user):
    """Organisation admins do not see case content; other organisations get 404."""
    user = make_user(org_a)
    person = create_person(org_a.id, user.id, PersonData(given_names="Ioana"))
    login(client, make_user(org_a, Role.ADMIN).email)
    assert client.get(f"/persons/{person.id}").status_code == 403
    post_form(client, "/logout", {}, token_from="/home")
    login(client, make_user(org_b, Role.COORDINATOR).email)
    assert client.get(f"/persons/{person.id}").status_code == 404
    assert client.get(f"/persons/{uuid.uuid4()}").status_code == 404


def test_person_page_names_gender_case_status_and_contact_place_in_words(client, org_a, make_user):
    """The person page shows the gender, each case's status and each contact's place as translated words."""
    user = _worker(client, org_a, make_user)
    person = create_person(org_a.id, user.id, PersonData(given_names="Ioana", gender=Gender.TRANSGENDER_FEMININE))
    open_case(org_a.id, person, user)
    log_contact(org_a.id, user.id, ContactData(occurred_at=utcnow(), place_type=PlaceType.DROP_IN), person=person)
    db.session.commit()
    page = client.get(f"/persons/{person.id}").get_data(as_text=True)
    for shown in ("Transgender female", "</a> · Open ·", "Drop-in centre"):
        assert shown in page
