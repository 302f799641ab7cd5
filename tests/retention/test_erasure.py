"""Erasing a person leaves no ciphertext, blind index or note behind, and the statistics intact."""

import logging

import pytest
from sqlalchemy import func, inspect, select

from caseapp.cases.models import Case, CaseEvent, Consent
from caseapp.contacts.models import Contact
from caseapp.core.signals import personal_data_viewed, record_changed
from caseapp.extensions import db
from caseapp.persons.models import Person, PersonAlias, PersonPhone
from caseapp.persons.search import search_persons
from caseapp.stats.categories import AgeBand, CitizenshipGroup
from caseapp.retention.services import ErasureError, erase_person
from caseapp.stats.models import StatisticalStub
from tests.retention.conftest import CANARY_ALIAS, CANARY_DOB, CANARY_NAME, CANARY_PHONE, NEEDLES


def _ciphertexts_of(person):
    """Every ciphertext stored for the person, her aliases, phones, contacts and case events."""
    rows = [person, *person.aliases, *person.phones]
    rows += db.session.scalars(select(Contact).where(Contact.person_id == person.id)).all()
    case_ids = select(Case.id).where(Case.person_id == person.id)
    rows += db.session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_(case_ids))).all()
    return {bytes(getattr(row, column.key)) for row in rows for column in inspect(row).mapper.columns
            if column.key.endswith("_enc") and getattr(row, column.key) is not None}


def _stored_anywhere(ciphertexts):
    """The ciphertexts found in any binary column of any table."""
    found = set()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            found |= {bytes(v) for v in row.values() if isinstance(v, bytes | memoryview)} & ciphertexts
    return found


def _blind_indexes_of(person_id):
    """The person's blind indexes still stored (her rows in the persons, aliases and phones tables)."""
    person = db.session.get(Person, person_id)
    stored = [] if person is None else [person.given_names_bidx, person.family_name_bidx,
                                        person.date_of_birth_bidx, person.full_name_bidx,
                                        person.given_names_birth_year_bidx]
    stored += db.session.scalars(select(PersonAlias.alias_bidx).where(PersonAlias.person_id == person_id)).all()
    stored += db.session.scalars(select(PersonPhone.number_bidx).where(PersonPhone.person_id == person_id)).all()
    return [value for value in stored if value is not None]


def _plaintext_canaries():
    hits = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            text = " ".join(str(v) for v in row.values() if v is not None).lower()
            hits += [(table.name, n) for n in NEEDLES if n.lower() in text]
    return hits


def _count(model, *conditions):
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_erasure_leaves_no_ciphertext_blind_index_or_note(org_a, coordinator, canary):
    """After erasure none of the person's ciphertexts is stored in any table, nor any of her blind indexes."""
    person_id, ciphertexts = canary.id, _ciphertexts_of(canary)
    # Person (6 fields), alias, phone, contact note and timeline note.
    assert len(ciphertexts) == 10 and _stored_anywhere(ciphertexts) == ciphertexts
    assert len(_blind_indexes_of(person_id)) == 7
    erase_person(org_a.id, canary, coordinator, "subject_request")
    db.session.expire_all()
    assert _stored_anywhere(ciphertexts) == set()
    assert _blind_indexes_of(person_id) == []
    assert db.session.get(Person, person_id) is None
    assert _count(Case, Case.person_id == person_id) == 0
    assert _plaintext_canaries() == []


def test_the_contact_stays_anonymous_without_its_note(org_a, coordinator, canary):
    """The person's contact is kept for outreach numbers, but names nobody and has no note."""
    contact_id = db.session.scalar(select(Contact.id).where(Contact.person_id == canary.id))
    erase_person(org_a.id, canary, coordinator, "subject_request")
    db.session.expire_all()
    contact = db.session.get(Contact, contact_id)
    assert contact.person_id is None and contact.note_enc is None and contact.note is None
    assert contact.place_type == "street"


def test_timeline_notes_and_consents_are_gone(org_a, coordinator, canary):
    """The case's events (with the note) and consents are deleted with the case."""
    case_ids = list(db.session.scalars(select(Case.id).where(Case.person_id == canary.id)))
    assert _count(CaseEvent, CaseEvent.case_id.in_(case_ids), CaseEvent.note_enc.is_not(None)) == 1
    erase_person(org_a.id, canary, coordinator, "consent_withdrawn")
    assert _count(CaseEvent, CaseEvent.case_id.in_(case_ids)) == 0
    assert _count(Consent, Consent.case_id.in_(case_ids)) == 0


@pytest.mark.parametrize("text", [CANARY_NAME, CANARY_ALIAS, CANARY_PHONE, CANARY_DOB.isoformat()])
def test_search_no_longer_finds_her(org_a, coordinator, canary, text):
    """Name, alias, phone and date of birth find the person before erasure and nobody after."""
    assert [p.id for p in search_persons(org_a.id, text).persons] == [canary.id]
    erase_person(org_a.id, canary, coordinator, "subject_request")
    assert search_persons(org_a.id, text).persons == []


def test_a_stub_keeps_the_statistical_categories(org_a, coordinator, canary):
    """One stub per case with its days, gender, CTDC age band, citizenship, exploitation, decision, outcome."""
    erase_person(org_a.id, canary, coordinator, "subject_request")
    stub = db.session.scalars(select(StatisticalStub).where(StatisticalStub.organisation_id == org_a.id)).one()
    # Born 2001, identified in 2020: 19 that year.
    assert (stub.opened_on.year, stub.decided_on.year, stub.closed_on.year) == (2020, 2020, 2021)
    assert stub.age_band == AgeBand.AGE_18_20 and stub.gender == "Feminine"
    assert stub.citizenship_codes == ["NG"] and stub.citizenship_group == CitizenshipGroup.NON_EU
    assert stub.exploitation_codes == ["SexualExploitation"]
    assert (stub.trafficking_status, stub.decided_by, stub.status, stub.closure_outcome) == (
        "ActualVictimOfTrafficking", "cmm", "closed", "returned")


def test_a_stub_holds_no_id_and_no_timestamp():
    """The stub table has no column that could point back at the person, the case or the erasure's audit entry.

    Days are kept (any period's figures must survive erasure), times of day are not.
    """
    columns = {column.name for column in StatisticalStub.__table__.columns}
    assert not {"person_id", "case_id", "created_at", "opened_at"} & columns
    assert not [c for c in StatisticalStub.__table__.columns if isinstance(c.type, db.DateTime)]


def test_another_organisation_cannot_erase(org_b, coordinator, canary):
    """The service refuses a person of another organisation."""
    with pytest.raises(ErasureError):
        erase_person(org_b.id, canary, coordinator, "subject_request")
    assert db.session.get(Person, canary.id) is not None


def test_erasure_signals_and_logs_codes_and_ids_only(app, org_a, coordinator, canary, caplog):
    """The audit-bound signal carries the reason code and ids only; no log line holds a canary."""
    caplog.set_level(logging.DEBUG)
    received = []
    with record_changed.connected_to(lambda _sender, **kwargs: received.append(kwargs), app), \
            personal_data_viewed.connected_to(lambda _sender, **kwargs: received.append(kwargs), app):
        erase_person(org_a.id, canary, coordinator, "subject_request")
    assert received == [{"actor_id": coordinator.id, "organisation_id": org_a.id, "action": "person.erase",
                         "target_type": "person", "target_id": canary.id, "detail": {"reason": "subject_request"}}]
    assert not [n for n in NEEDLES if n.lower() in caplog.text.lower()]


def test_an_unknown_reason_is_refused(org_a, coordinator, canary):
    """Only the reason codes exist; free text cannot be passed as a reason."""
    with pytest.raises(ValueError):
        erase_person(org_a.id, canary, coordinator, "she phoned on Tuesday")
    assert db.session.get(Person, canary.id).given_names == CANARY_NAME
