"""Erasure, retention and subject-access exports.

Erasing a person first runs every feature's registered erasure hook
(statistics keep an anonymous stub per case; contacts stay as anonymous
contacts without their note), then deletes the cases and the
person: the database cascades their children (timeline events, consents,
aliases, phones and every feature's rows hanging off a case or person).
Nothing that held a ciphertext or a blind index of the person survives.
The subject-access export is assembled from the features' registered
sections. Functions flush, never commit; every lookup is scoped to an
organisation.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, or_, select

from caseapp.core.clock import local_today
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.core.audit import record_change
from caseapp.core.enums import LabelledEnum
from caseapp.core.exports import json_value
from caseapp.core.models import utcnow
from caseapp.core.registry import registry
from caseapp.extensions import db
from caseapp.persons.models import Person


class ErasureReason(LabelledEnum):
    """Why a person's data was erased; only this code is recorded, never free text."""

    SUBJECT_REQUEST = "subject_request", _l("The person asked for erasure")
    CONSENT_WITHDRAWN = "consent_withdrawn", _l("The person withdrew consent to keep the data")
    RETENTION = "retention", _l("The retention period ended")
    OTHER = "other", _l("Other reason")


# Retention is the command's reason; a coordinator erases on request.
REQUEST_REASONS = (ErasureReason.SUBJECT_REQUEST, ErasureReason.CONSENT_WITHDRAWN, ErasureReason.OTHER)


class ErasureError(ValueError):
    """The erasure cannot be done as asked."""


@dataclass(frozen=True)
class Erasure:
    """What one erasure did, in counts."""

    stubs: int


def erase_person(organisation_id, person, actor, reason):
    """Erase ``person``'s personal data for good; the registered hooks keep what must outlive it."""
    if person.organisation_id != organisation_id:
        raise ErasureError("This person belongs to another organisation.")
    reason = ErasureReason(reason)
    person_id = person.id
    cases = _locked_cases(organisation_id, person_id)
    case_ids = [case.id for case in cases]
    for hook in registry().erasure_hooks:
        hook(organisation_id, person_id, case_ids)
    # The database cascades each case's children (timeline, consents, features' rows) and the person's.
    db.session.execute(delete(Case).where(Case.id.in_(case_ids)))
    db.session.delete(person)
    db.session.flush()
    record_change("person.erase", "person", person_id, detail={"reason": reason.value},
                  actor_id=actor.id if actor else None, organisation_id=organisation_id)
    return Erasure(stubs=len(cases))


def retention_cutoff(today=None):
    """Cases closed before this day are past the retention period."""
    return (today or local_today()) - timedelta(days=current_app.config["RETENTION_DAYS"])


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
    sections = registry().export_sections.items()
    return {"format": "caseapp-subject-access-1", "exported_at": json_value(utcnow()),
            **{name: section(organisation_id, person) for name, section in sections}}


def _locked_cases(organisation_id, person_id):
    """The person's cases, locked so nobody reopens or edits one while it is being erased."""
    query = (select(Case).where(Case.organisation_id == organisation_id, Case.person_id == person_id)
             .order_by(Case.opened_at).with_for_update())
    return list(db.session.scalars(query))


def _expired(case, cutoff):
    return case.status == CaseStatus.CLOSED and case.closed_on is not None and case.closed_on < cutoff
