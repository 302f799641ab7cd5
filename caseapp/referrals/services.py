"""Referral domain logic: request with consent, accept into the receiver's own records, decline, cancel.

Nothing is shared by giving one organisation access to another's rows: the
chosen fields travel encrypted in the referral and, on acceptance, become a
new person and case of the receiving organisation. Every step is a timeline
event of the sending case. Flushes, never commits.
"""

import json
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from caseapp.auth.models import User
from caseapp.cases.models import Case, ConsentPurpose
from caseapp.cases.services import open_case, record_event, require_consent
from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.core.models import join_codes, utcnow
from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from caseapp.persons.models import Gender
from caseapp.persons.services import PersonData, create_person
from caseapp.referrals.models import COARSE_FIELDS, Referral, ReferralStatus, SharedField
from caseapp.shelters.models import Shelter

OPEN = (ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED, ReferralStatus.PLACED)


class ReferralError(ValueError):
    """The referral step is not allowed; the message is user-facing."""


def shelter_operators(organisation_id):
    """Other active organisations running at least one active shelter, by name."""
    has_shelter = exists().where(Shelter.organisation_id == Organisation.id, Shelter.active.is_(True))
    query = (select(Organisation).where(Organisation.id != organisation_id, Organisation.active.is_(True),
                                        has_shelter).order_by(Organisation.name))
    return db.session.scalars(query).all()


def request_referral(case, actor, to_organisation, fields):
    """Refer ``case`` to ``to_organisation``, sharing only ``fields``; needs consent to share with another NGO."""
    require_consent(case, ConsentPurpose.SHARE_OTHER_ORGANISATION)
    if to_organisation.id not in {o.id for o in shelter_operators(case.organisation_id)}:
        raise ReferralError(_l("Choose another organisation that runs a shelter."))
    fields = [code for code in SharedField if code in set(fields)]
    if _open_referral(case, to_organisation.id):
        raise ReferralError(_l("This case already has an open referral to that organisation."))
    referral = Referral(from_organisation_id=case.organisation_id, from_case_id=case.id,
                        to_organisation_id=to_organisation.id, fields=join_codes(fields),
                        requested_by_id=actor.id)
    referral.payload = json.dumps(shared_values(case.person, fields))
    db.session.add(referral)
    db.session.flush()
    record_event(case, actor.id, "referral_requested", referral_id=referral.id,
                 to_organisation_id=to_organisation.id, fields=referral.fields)
    return referral


def shared_values(person, fields):
    """The person's values of ``fields`` as JSON-ready data."""
    values = {
        "given_names": person.given_names, "family_name": person.family_name,
        "aliases": [a.alias for a in person.aliases], "phones": [p.number for p in person.phones],
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "identity_document": person.identity_document, "gender": str(person.gender),
        "birth_year": person.birth_year, "citizenship": person.citizenship_codes,
        "languages": person.language_codes,
    }
    return {code: values[code] for code in fields}


def coarse_values(referral):
    """What the receiver sees before accepting: gender, birth year, citizenship and languages, if shared."""
    if referral.payload is None:
        return {}
    shared = json.loads(referral.payload)
    return {code: shared[code] for code in COARSE_FIELDS if code in shared}


def accept(referral, actor, version):
    """Take the person in: a new person (shared fields only) and case of the receiving organisation."""
    check_version(referral, version)
    _check_requested(referral)
    shared = json.loads(referral.payload)
    person = create_person(referral.to_organisation_id, actor.id, _person_data(shared))
    case = open_case(referral.to_organisation_id, person, actor)
    record_event(case, actor.id, "referral_received", referral_id=referral.id)
    _decide(referral, actor, ReferralStatus.ACCEPTED)
    referral.to_case_id = case.id
    flush_versioned()
    return case


def decline(referral, actor, reason, version):
    """Decline with a reason the sending case will see."""
    check_version(referral, version)
    _check_requested(referral)
    if not (reason or "").strip():
        raise ReferralError(_l("Give the reason for declining."))
    referral.decline_reason = reason.strip()
    _decide(referral, actor, ReferralStatus.DECLINED)
    flush_versioned()


def cancel_for_withdrawn_consent(case, actor):
    """Cancel the case's referrals not yet accepted (the consent to share was withdrawn)."""
    cancelled = []
    for referral in referrals_of_case(case):
        if referral.status == ReferralStatus.REQUESTED:
            _decide(referral, actor, ReferralStatus.CANCELLED)
            cancelled.append(referral)
    db.session.flush()
    return cancelled


def follow_placement(case_id, actor_id, *, started):
    """Mark a referral placed when its receiving case is placed, ended when the stay ends."""
    referral = db.session.scalar(select(Referral).where(Referral.to_case_id == case_id))
    if referral is None or referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.PLACED):
        return None
    referral.status = ReferralStatus.PLACED if started else ReferralStatus.ENDED
    _sending_event(referral, actor_id)
    db.session.flush()
    return referral


def referrals_of_case(case):
    """The referrals sent from ``case``, newest first."""
    query = select(Referral).where(Referral.from_case_id == case.id).order_by(Referral.requested_at.desc())
    return db.session.scalars(query).all()


def inbox(organisation_id):
    """Referrals to the organisation: open requests first, then the latest decided ones."""
    query = (select(Referral).where(Referral.to_organisation_id == organisation_id)
             .order_by((Referral.status == ReferralStatus.REQUESTED).desc(), Referral.requested_at.desc())
             .limit(100))
    return db.session.scalars(query).all()


def get_incoming(organisation_id, referral_id):
    """A referral to the organisation, or None."""
    return db.session.scalar(select(Referral).where(Referral.id == referral_id,
                                                    Referral.to_organisation_id == organisation_id))


def _check_requested(referral):
    if referral.status != ReferralStatus.REQUESTED:
        raise ReferralError(_l("This referral has already been answered or cancelled."))


def _decide(referral, actor, status):
    """Set the answer, erase the travelling copy of the data and tell the sending case."""
    referral.status, referral.decided_by_id, referral.decided_at = status, actor.id, utcnow()
    referral.payload = None
    _sending_event(referral, actor.id)


def _sending_event(referral, actor_id):
    """A timeline event on the sending case; the receiver's actor is not named there."""
    case = db.session.get(Case, referral.from_case_id)
    record_event(case, None if _is_receiver(referral, actor_id) else actor_id, f"referral_{referral.status}",
                 referral_id=referral.id, to_organisation_id=referral.to_organisation_id)


def _is_receiver(referral, actor_id):
    user = db.session.get(User, actor_id) if actor_id else None
    return user is not None and user.organisation_id == referral.to_organisation_id


def _open_referral(case, to_organisation_id):
    return db.session.scalar(select(Referral.id).where(
        Referral.from_case_id == case.id, Referral.to_organisation_id == to_organisation_id,
        Referral.status.in_(OPEN))) is not None


def _person_data(shared):
    born = shared.get("date_of_birth")
    return PersonData(
        given_names=shared.get("given_names"), family_name=shared.get("family_name"),
        aliases=shared.get("aliases") or [], phones=shared.get("phones") or [],
        date_of_birth=date.fromisoformat(born) if born else None, birth_year=shared.get("birth_year"),
        identity_document=shared.get("identity_document"),
        gender=Gender(shared["gender"]) if shared.get("gender") else Gender.NOT_SPECIFIED,
        citizenship=shared.get("citizenship") or [], languages=shared.get("languages") or [])
