"""Outreach contacts through the UI: anonymous, for a known person, creating a person; scoping and storage."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from caseapp.auth.models import Role
from caseapp.cases.models import EventKind
from caseapp.cases.services import open_case, timeline
from caseapp.contacts.models import Contact, PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.core import pagination
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.persons.search import search_persons

from tests.conftest import login, post_form, recorded_statements
from tests.factories import new_person

NOW = "2024-05-14T22:30"
EMPTY_CONTACT = {"occurred_at": NOW, "municipality": "", "language": "", "note": "",
                 "alias": "", "given_names": "", "family_name": ""}


def _worker(client, org, make_user, role=Role.OUTREACH, locale="en"):
    user = make_user(org, role, locale=locale)
    login(client, user.email)
    return user


def _log(client, path="/contacts/new", **fields):
    return post_form(client, path, {**EMPTY_CONTACT, **fields})


def _count(model=Contact):
    return db.session.scalar(select(db.func.count(model.id)))


def _contact(org, user, person=None, **fields):
    data = ContactData(occurred_at=datetime.now(UTC), place_type=PlaceType.STREET, **fields)
    return log_contact(org.id, user.id, data, person=person)


def test_anonymous_contact_is_saved_shown_and_listed(client, org_a, make_user):
    """A contact naming nobody is saved with what was ticked and appears in the list as anonymous."""
    _worker(client, org_a, make_user)
    response = _log(client, place_type="street", municipality="København", language="ro",
                    interpreter_used="y", indicators=["DebtBondage", "WithholdsDocuments"],
                    services=["health"], note="Gave condoms and the hotline card")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for shown in ("The contact is saved.", "Street", "København", "Romanian", "Debt to be paid off",
                  "Does not hold own passport or ID", "Health care", "Gave condoms and the hotline card",
                  "anonymous"):
        assert shown in page, shown
    listing = client.get("/contacts/").get_data(as_text=True)
    assert "1 contact" in listing and "København" in listing and "anonymous" in listing


def test_time_is_entered_and_shown_in_copenhagen_time_and_stored_in_utc(client, org_a, make_user):
    """22:30 on a May evening in Copenhagen is 20:30 UTC in the database and 22:30 on the page."""
    _worker(client, org_a, make_user)
    response = _log(client, place_type="online", occurred_at="2024-05-14T22:30")
    contact = db.session.scalar(select(Contact))
    stored = contact.occurred_at.replace(tzinfo=contact.occurred_at.tzinfo or UTC)
    assert stored == datetime(2024, 5, 14, 20, 30, tzinfo=UTC)
    assert "14 May 2024, 22:30" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_new_contact_form_defaults_to_now_in_copenhagen(client, org_a, make_user):
    """The date and time field is filled in with the current Copenhagen time, to the minute."""
    from zoneinfo import ZoneInfo

    _worker(client, org_a, make_user)
    page = client.get("/contacts/new").get_data(as_text=True)
    now = datetime.now(ZoneInfo("Europe/Copenhagen"))
    assert now.strftime("%Y-%m-%dT") in page
    assert 'type="datetime-local"' in page


def test_contact_for_a_person_appears_on_the_open_case_timeline(client, org_a, make_user):
    """Logging a contact from the person's page puts a contact event on her open case."""
    user = _worker(client, org_a, make_user)
    person = new_person(org_a, by=user)
    case = open_case(org_a.id, person, user)
    response = _log(client, f"/persons/{person.id}/contacts/new", place_type="clinic")
    assert response.headers["Location"].endswith(f"/persons/{person.id}")
    kinds = [event.kind for event in timeline(case)]
    assert EventKind.CONTACT in kinds
    page = client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "Clinic or brothel" in page


def test_new_person_created_from_the_contact_form_can_be_found_by_alias(client, org_a, make_user):
    """Filling in an alias on the contact form creates a person, found again by that alias."""
    _worker(client, org_a, make_user)
    response = _log(client, place_type="street", alias="Sunny")
    contact = db.session.scalar(select(Contact))
    found = search_persons(org_a.id, "sunny").persons
    assert len(found) == 1 and contact.person_id == found[0].id
    assert "“Sunny”" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_possible_duplicate_blocks_saving_until_confirmed(client, org_a, make_user):
    """A new person with a known alias is warned about; nothing is saved until the worker confirms."""
    user = _worker(client, org_a, make_user)
    new_person(org_a, by=user, given_names=None, aliases=["Sunny"])
    page = _log(client, place_type="street", alias="SUNNY", note="first try").get_data(as_text=True)
    assert "Possible duplicate" in page
    assert "Log the contact for this person instead" in page
    assert (_count(), _count(Person)) == (0, 1)
    _log(client, place_type="street", alias="SUNNY", note="first try", confirm_duplicate="y")
    assert (_count(), _count(Person)) == (1, 2)


def test_missing_place_future_date_and_long_note_are_refused_and_nothing_saved(client, org_a, make_user):
    """Each bad input gets a clear message and saves neither a contact nor a person."""
    _worker(client, org_a, make_user)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    cases = [
        ({"alias": "Sunny"}, "Choose where the contact took place."),
        ({"place_type": "street", "occurred_at": tomorrow, "alias": "Sunny"},
         "The date and time cannot be in the future."),
        ({"place_type": "street", "note": "x" * 5001}, "This text has 5,001 characters; at most 5,000 fit."),
        ({"place_type": "street", "occurred_at": ""}, "Give the date and time of the contact."),
    ]
    for fields, message in cases:
        page = _log(client, **fields).get_data(as_text=True)
        assert message in page and "Nothing was saved" in page, message
    assert (_count(), _count(Person)) == (0, 0)


def test_danish_worker_gets_danish_messages(client, org_a, make_user):
    """A Danish-speaking worker is told in Danish what is missing."""
    _worker(client, org_a, make_user, locale="da")
    page = _log(client).get_data(as_text=True)
    assert "Vælg hvor kontakten fandt sted." in page


def test_other_organisation_gets_404_for_contact_and_person(client, org_a, org_b, make_user):
    """Another organisation cannot open a contact or log one for a person that is not theirs."""
    owner = make_user(org_a)
    person = new_person(org_a, by=owner, given_names="Secretia")
    contact = _contact(org_a, owner, person, note="canary-note")
    _worker(client, org_b, make_user, Role.COORDINATOR)
    for path in (f"/contacts/{contact.id}", f"/persons/{person.id}/contacts/new", f"/contacts/{uuid.uuid4()}"):
        assert client.get(path).status_code == 404, path
    assert _log(client, f"/persons/{person.id}/contacts/new", place_type="street").status_code == 404
    listing = client.get("/contacts/").get_data(as_text=True)
    assert "0 contacts" in listing and "Secretia" not in listing
    assert _count() == 1


def test_organisation_admin_gets_403(client, org_a, make_user):
    """Organisation admins manage accounts, not case content: every contact page is refused."""
    owner = make_user(org_a)
    person = new_person(org_a, by=owner)
    contact = _contact(org_a, owner, person)
    login(client, make_user(org_a, Role.ADMIN).email)
    for path in ("/contacts/", "/contacts/new", f"/contacts/{contact.id}", f"/persons/{person.id}/contacts/new"):
        assert client.get(path).status_code == 403, path


def test_note_is_not_stored_in_plaintext(client, org_a, make_user):
    """The raw contacts row holds no trace of the note, yet the contact page shows it."""
    canary = "CANARY-contact-note-7f3a"
    _worker(client, org_a, make_user)
    response = _log(client, place_type="phone", note=canary)
    rows = db.session.execute(select(Contact.__table__)).all()
    assert len(rows) == 1
    assert canary.encode() not in repr(tuple(rows[0])).encode()
    assert all(canary not in str(value) for value in rows[0])
    assert canary in client.get(response.headers["Location"]).get_data(as_text=True)


def _statements_for_list(client, org, user, how_many):
    for number in range(how_many):
        person = new_person(org, by=user, given_names=None, aliases=[f"Alias {number}"]) if number % 2 else None
        _contact(org, user, person)
    db.session.commit()
    with recorded_statements() as statements:
        page = client.get("/contacts/").get_data(as_text=True)
    assert f"{how_many} contacts" in page
    return len(statements)


def test_contact_list_needs_the_same_number_of_queries_for_3_and_30_contacts(client, org_a, org_b, make_user):
    """Persons and aliases are loaded with the page, never one query per row."""
    few = _statements_for_list(client, org_a, _worker(client, org_a, make_user), 3)
    post_form(client, "/logout", {}, token_from="/home")
    many = _statements_for_list(client, org_b, _worker(client, org_b, make_user), 30)
    assert few == many


def test_contact_list_is_paginated_by_page_number(client, app, org_a, make_user):
    """With more contacts than a page holds, the second page shows the oldest ones."""
    user = _worker(client, org_a, make_user)
    app.config["PAGE_SIZE"], size = 2, app.config["PAGE_SIZE"]
    try:
        for minutes, municipality in ((30, "Odense"), (20, "Aarhus"), (10, "Aalborg")):
            data = ContactData(occurred_at=datetime.now(UTC) - timedelta(minutes=minutes),
                               place_type=PlaceType.STREET, municipality=municipality)
            log_contact(org_a.id, user.id, data)
        first = client.get("/contacts/").get_data(as_text=True)
        second = client.get("/contacts/?page=2").get_data(as_text=True)
    finally:
        app.config["PAGE_SIZE"] = size
    assert "Aalborg" in first and "Aarhus" in first and "Odense" not in first
    assert "Odense" in second and "Aalborg" not in second


def test_a_list_longer_than_the_count_limit_says_more_than_and_still_pages_to_the_oldest(
        client, app, org_a, make_user, monkeypatch):
    """Past the count limit the list stops counting, says "more than", and older pages are still reachable."""
    user = _worker(client, org_a, make_user)
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 3)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    for minutes, municipality in enumerate(("Aalborg", "Aarhus", "Odense", "Vejle", "Esbjerg")):
        data = ContactData(occurred_at=datetime.now(UTC) - timedelta(minutes=10 * minutes),
                           place_type=PlaceType.STREET, municipality=municipality)
        log_contact(org_a.id, user.id, data)
    first = client.get("/contacts/").get_data(as_text=True)
    last = client.get("/contacts/?page=3").get_data(as_text=True)
    assert "More than 3 contacts" in first and "?page=2" in first
    assert "Esbjerg" in last and "Vejle" not in last and "?page=4" not in last


def test_contact_page_names_place_signs_and_services_in_words(client, org_a, make_user):
    """The contact page shows the place, each sign of trafficking and each service offered as translated words."""
    _worker(client, org_a, make_user)
    response = _log(client, place_type="online", indicators=["DebtBondage", "WithholdsDocuments"],
                    services=["legal"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for shown in ("Online", "Debt to be paid off, Does not hold own passport or ID", "Legal advice"):
        assert shown in page
