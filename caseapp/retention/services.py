"""Erasure, retention and subject-access exports.

Erasing a person first runs the erasure hooks that features register
(statistics keep one anonymous stub per case there), then deletes the person (with aliases and phones), the cases (with their
timeline events and consents) and unlinks the person's contacts, which
stay as anonymous contacts without their note. Nothing that held a
ciphertext or a blind index of the person survives. Functions flush,
never commit; every lookup is scoped to an organisation.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, or_, select

from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case, CaseEvent, Consent
from caseapp.contacts.models import Contact
from caseapp.core.models import utcnow
from caseapp.core.registry import registry
from caseapp.core.signals import record_changed
from caseapp.extensions import db
from caseapp.persons.models import Person


class ErasureReason(StrEnum):
    """Why a person's data was erased; only this code is recorded, never free text."""

    SUBJECT_REQUEST = "subject_request"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    RETENTION = "retention"
    OTHER = "other"


REASON_LABELS = {
    ErasureReason.SUBJECT_REQUEST: _l("The person asked for erasure"),
    ErasureReason.CONSENT_WITHDRAWN: _l("The person withdrew consent to keep the data"),
    ErasureReason.RETENTION: _l("The retention period ended"),
    ErasureReason.OTHER: _l("Other reason"),
}
# Retention is the command's reason; a coordinator erases on request.
REQUEST_REASONS = (ErasureReason.SUBJECT_REQUEST, ErasureReason.CONSENT_WITHDRAWN, ErasureReason.OTHER)


class ErasureError(ValueError):
    """The erasure cannot be done as asked."""


@dataclass(frozen=True)
class Erasure:
    """What one erasure did, in counts."""

    stubs: int
    contacts: int


def erase_person(organisation_id, person, actor, reason):
    """Erase ``person``'s personal data for good; the registered hooks keep what must outlive it."""
    if person.organisation_id != organisation_id:
        raise ErasureError("This person belongs to another organisation.")
    reason = ErasureReason(reason)
    person_id = person.id
    cases = _locked_cases(organisation_id, person_id)
    for hook in registry().erasure_hooks:
        hook(organisation_id, person_id, [case.id for case in cases])
    _delete_cases([case.id for case in cases])
    contacts = _anonymise_contacts(organisation_id, person_id)
    db.session.delete(person)
    db.session.flush()
    record_changed.send(current_app._get_current_object(), actor_id=actor.id if actor else None,
                        organisation_id=organisation_id, action="person.erase", target_type="person",
                        target_id=person_id, detail={"reason": reason.value})
    return Erasure(stubs=len(cases), contacts=contacts)


def retention_cutoff(today=None):
    """Cases closed before this day are past the retention period."""
    return (today or date.today()) - timedelta(days=current_app.config["RETENTION_DAYS"])


def expired_person_ids(cutoff):
    """Ids of all persons (every organisation) with a case, every one of them closed before ``cutoff``."""
    any_case = exists().where(Case.person_id == Person.id, Case.organisation_id == Person.organisation_id)
    kept = exists().where(Case.person_id == Person.id, Case.organisation_id == Person.organisation_id,
                          or_(Case.status != CaseStatus.CLOSED, Case.closed_on.is_(None), Case.closed_on >= cutoff))
    return list(db.session.scalars(select(Person.id).where(any_case, ~kept).order_by(Person.id)))


def erase_if_expired(person_id, cutoff):
    """Erase the person for retention if still expired, checked under lock; the Erasure or None."""
    person = db.session.get(Person, person_id)
    if person is None:
        return None
    cases = _locked_cases(person.organisation_id, person_id)
    if not cases or not all(_expired(case, cutoff) for case in cases):
        return None
    return erase_person(person.organisation_id, person, None, ErasureReason.RETENTION)


def subject_access_export(organisation_id, person):
    """Everything the organisation holds about ``person``, decrypted, as a JSON-ready dict."""
    cases = db.session.scalars(select(Case).where(Case.organisation_id == organisation_id,
                                                  Case.person_id == person.id).order_by(Case.opened_at))
    contacts = db.session.scalars(select(Contact).where(Contact.organisation_id == organisation_id,
                                                        Contact.person_id == person.id)
                                  .order_by(Contact.occurred_at))
    return {"format": "caseapp-subject-access-1", "exported_at": _json(utcnow()),
            "person": _person_json(person), "cases": [_case_json(case) for case in cases],
            "contacts": [_contact_json(contact) for contact in contacts]}


def _locked_cases(organisation_id, person_id):
    """The person's cases, locked so nobody reopens or edits one while it is being erased."""
    query = (select(Case).where(Case.organisation_id == organisation_id, Case.person_id == person_id)
             .order_by(Case.opened_at).with_for_update())
    return list(db.session.scalars(query))


def _expired(case, cutoff):
    return case.status == CaseStatus.CLOSED and case.closed_on is not None and case.closed_on < cutoff


def _delete_cases(case_ids):
    """Delete the cases with their timeline (notes included) and consents."""
    if not case_ids:
        return
    db.session.execute(delete(CaseEvent).where(CaseEvent.case_id.in_(case_ids)))
    db.session.execute(delete(Consent).where(Consent.case_id.in_(case_ids)))
    db.session.execute(delete(Case).where(Case.id.in_(case_ids)))


def _anonymise_contacts(organisation_id, person_id):
    """Unlink the person's contacts and drop their notes: they stay as anonymous contacts."""
    contacts = db.session.scalars(select(Contact).where(Contact.organisation_id == organisation_id,
                                                        Contact.person_id == person_id)).all()
    for contact in contacts:
        contact.person = None
        contact.note = None
    # Before the person's row goes: the contacts must no longer point at it.
    db.session.flush()
    return len(contacts)


def _person_json(person):
    fields = ("given_names", "family_name", "date_of_birth", "birth_year", "gender", "identity_document",
              "address", "notes", "created_at")
    return {**{name: _json(getattr(person, name)) for name in fields}, "id": str(person.id),
            "aliases": [alias.alias for alias in person.aliases], "phones": [phone.number for phone in person.phones],
            "citizenship": person.citizenship_codes, "languages": person.language_codes}


def _case_json(case):
    fields = ("id", "status", "trafficking_status", "decided_by", "decided_on", "closure_outcome", "closed_on",
              "opened_at")
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                .order_by(CaseEvent.occurred_at, CaseEvent.id))
    consents = db.session.scalars(select(Consent).where(Consent.case_id == case.id).order_by(Consent.given_on))
    return {**{name: _json(getattr(case, name)) for name in fields}, "exploitation": case.exploitation_codes,
            "consents": [{"purpose": _json(c.purpose), "given_on": _json(c.given_on),
                          "withdrawn_on": _json(c.withdrawn_on)} for c in consents],
            "timeline": [{"occurred_at": _json(e.occurred_at), "kind": _json(e.kind), "detail": e.detail,
                          "note": e.note} for e in events]}


def _contact_json(contact):
    fields = ("id", "occurred_at", "place_type", "municipality", "language", "interpreter_used", "note")
    return {**{name: _json(getattr(contact, name)) for name in fields},
            "indicators": contact.indicator_codes, "services": contact.service_codes}


def _json(value):
    """A JSON-safe form of a field value (dates as ISO 8601, enums and ids as strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
