"""Case domain logic: opening, status changes, decisions, assignment, notes, consent, lists.

Every change writes a timeline event. Status changes go through the state
machine in ``lifecycle``. Functions flush, never commit; every lookup is
scoped to the caller's organisation.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from caseapp.core.clock import local_today
from caseapp.auth.models import User
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome, check_transition
from caseapp.cases.models import Case, CaseEvent, Consent, ConsentPurpose, EventKind, TraffickingStatus
from caseapp.cases.references import next_reference, normalise_reference
from caseapp.cases.signals import consent_withdrawn
from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.core.database import filter_only
from caseapp.core.models import join_codes, utcnow
from caseapp.core.registry import registry
from caseapp.extensions import db
from caseapp.persons.models import Person

# Both columns descending, so one index serves every list in either direction on both databases.
NEWEST_FIRST = (Case.opened_at.desc(), Case.id.desc())

class CaseError(ValueError):
    """The requested case change is not allowed; the message is user-facing."""


@dataclass
class CaseFilter:
    """Which of the organisation's cases to list."""

    status: CaseStatus | None = None
    assigned_to_id: object = None
    reference: str | None = None
    # A condition on the cases table for the cases the user may see, when their role sees fewer than the organisation's.
    within: object = None
    page: int = 1
    per_page: int = 50


def get_case(organisation_id, case_id):
    """The organisation's case with this id (person and worker loaded), or None."""
    query = (select(Case).where(Case.id == case_id, Case.organisation_id == organisation_id)
             .options(joinedload(Case.person).selectinload(Person.aliases), joinedload(Case.assigned_to)))
    return db.session.scalar(query)


def record_event(case, actor_id, kind, note=None, **detail):
    """Add an event of a registered kind to the case's timeline; ``detail`` holds codes and ids only."""
    if str(kind) not in registry().timeline_kinds:
        raise ValueError(f"Timeline kind {kind!r} is not registered.")
    event = CaseEvent(case_id=case.id, actor_id=actor_id, kind=str(kind),
                      detail={key: _plain(value) for key, value in detail.items()}, occurred_at=utcnow())
    if note:
        event.note = note
    db.session.add(event)
    return event


def open_case(organisation_id, person, actor, *, assigned_to=None, exploitation=(), contact_id=None):
    """Open a case for one of the organisation's persons."""
    if person.organisation_id != organisation_id:
        raise CaseError(_l("This person belongs to another organisation."))
    worker = assigned_to or actor
    _check_worker(organisation_id, worker)
    opened_at = utcnow()
    case = Case(organisation_id=organisation_id, person_id=person.id, assigned_to_id=worker.id,
                exploitation=join_codes(exploitation), status=CaseStatus.OPEN, opened_at=opened_at,
                reference=next_reference(organisation_id, opened_at))
    db.session.add(case)
    db.session.flush()
    record_event(case, actor.id, EventKind.OPENED, contact_id=contact_id, assigned_to_id=worker.id)
    db.session.flush()
    return case


def change_status(case, actor, target, version, *, outcome=None, closed_on=None):
    """Move the case to ``target`` if the state machine allows it."""
    check_version(case, version)
    outcome = ClosureOutcome(outcome) if outcome else None
    check_transition(case.status, target, outcome=outcome,
                     has_return_consent=has_consent(case, ConsentPurpose.SHARE_RETURN_ORGANISATION))
    previous, case.status = case.status, CaseStatus(target)
    case.closure_outcome = outcome
    case.closed_on = (closed_on or local_today()) if outcome else None
    record_event(case, actor.id, EventKind.STATUS_CHANGED, previous=previous, status=case.status,
                 outcome=outcome)
    flush_versioned()


def record_decision(case, actor, *, trafficking_status, decided_by, decided_on, version):
    """Record the identification decision and move an open case to identified or not a victim."""
    check_version(case, version)
    status = TraffickingStatus(trafficking_status)
    case.trafficking_status, case.decided_by, case.decided_on = status, decided_by, decided_on
    record_event(case, actor.id, EventKind.DECISION, trafficking_status=status, decided_by=decided_by,
                 decided_on=decided_on)
    target = CaseStatus.NOT_VICTIM if status == TraffickingStatus.NOT_A_VICTIM else CaseStatus.IDENTIFIED
    if case.status == CaseStatus.OPEN:
        check_transition(case.status, target)
        record_event(case, actor.id, EventKind.STATUS_CHANGED, previous=case.status, status=target)
        case.status = target
    flush_versioned()


def reassign(case, actor, worker, version):
    """Give the case to another worker of the same organisation (a recorded event)."""
    check_version(case, version)
    _check_worker(case.organisation_id, worker)
    previous, case.assigned_to_id = case.assigned_to_id, worker.id
    record_event(case, actor.id, EventKind.ASSIGNED, previous=previous, assigned_to_id=worker.id)
    flush_versioned()


def add_note(case, actor, text):
    """Add an encrypted free-text note to the timeline."""
    record_event(case, actor.id, EventKind.NOTE, note=text.strip())
    db.session.flush()


def update_exploitation(case, actor, exploitation, version):
    """Replace the case's forms of exploitation."""
    check_version(case, version)
    case.exploitation = join_codes(exploitation)
    record_event(case, actor.id, EventKind.EDITED, exploitation=case.exploitation)
    flush_versioned()


def record_contact(contact, actor_id):
    """Put a contact on the timeline of its person's cases that are not closed."""
    if contact.person_id is None:
        return []
    query = select(Case).where(Case.organisation_id == contact.organisation_id,
                               Case.person_id == contact.person_id, Case.status != CaseStatus.CLOSED)
    cases = db.session.scalars(query).all()
    for case in cases:
        record_event(case, actor_id, EventKind.CONTACT, contact_id=contact.id, place_type=contact.place_type)
    db.session.flush()
    return cases


def timeline(case):
    """The case's events, newest first, with their actors."""
    query = (select(CaseEvent).where(CaseEvent.case_id == case.id).options(joinedload(CaseEvent.actor))
             .order_by(CaseEvent.occurred_at.desc(), CaseEvent.id))
    return db.session.scalars(query).all()


def give_consent(case, actor, purpose, given_on=None):
    """Record a consent for ``purpose``; one active consent per purpose."""
    purpose = ConsentPurpose(purpose)
    if has_consent(case, purpose):
        raise CaseError(_l("This consent is already recorded."))
    consent = Consent(case_id=case.id, purpose=purpose, given_on=given_on or local_today(),
                      recorded_by_id=actor.id)
    db.session.add(consent)
    record_event(case, actor.id, EventKind.CONSENT_GIVEN, purpose=purpose, given_on=consent.given_on)
    db.session.flush()
    return consent


def withdraw_consent(case, actor, purpose, withdrawn_on=None):
    """Withdraw the active consent for ``purpose``."""
    consent = _active_consent(case, ConsentPurpose(purpose))
    if consent is None:
        raise CaseError(_l("There is no consent to withdraw."))
    consent.withdrawn_on, consent.withdrawn_by_id = withdrawn_on or local_today(), actor.id
    record_event(case, actor.id, EventKind.CONSENT_WITHDRAWN, purpose=purpose, withdrawn_on=consent.withdrawn_on)
    db.session.flush()
    consent_withdrawn.send(current_app._get_current_object(), case=case, actor=actor, purpose=consent.purpose)


def consents(case):
    """Every consent of the case, newest first."""
    query = select(Consent).where(Consent.case_id == case.id).order_by(Consent.given_on.desc(), Consent.id)
    return db.session.scalars(query).all()


def has_consent(case, purpose):
    """True when an unwithdrawn consent for ``purpose`` exists."""
    return _active_consent(case, ConsentPurpose(purpose)) is not None


def require_consent(case, purpose):
    """Raise CaseError unless the case has an active consent for ``purpose`` (consent-gated actions)."""
    if not has_consent(case, purpose):
        raise CaseError(_l("This action needs the person's consent: %(purpose)s.",
                           purpose=_consent_label(purpose)))


def list_cases(organisation_id, case_filter):
    """One page of the organisation's cases, newest first, and the total count: three queries, whatever the size.

    The page's ids come from the cases' own index alone, so the database stops
    after one page instead of joining and sorting every case of the
    organisation; only those ids are then loaded with their persons and workers.
    """
    query = select(Case.id).where(Case.organisation_id == organisation_id)
    if case_filter.status:
        query = query.where(Case.status == CaseStatus(case_filter.status))
    if case_filter.assigned_to_id:
        query = query.where(Case.assigned_to_id == case_filter.assigned_to_id)
    if case_filter.reference:
        query = query.where(func.upper(Case.reference) == normalise_reference(case_filter.reference))
    if case_filter.within is not None:
        query = query.where(case_filter.within)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    ids = db.session.scalars(query.order_by(*NEWEST_FIRST).limit(case_filter.per_page)
                             .offset((case_filter.page - 1) * case_filter.per_page)).all()
    page = (select(Case).where(Case.id.in_(ids)).order_by(*NEWEST_FIRST)
            .options(joinedload(Case.person).selectinload(Person.aliases), joinedload(Case.assigned_to)))
    return (db.session.scalars(page).unique().all() if ids else []), total


def cases_of_person(organisation_id, person_id):
    """The organisation's cases for one person, newest first."""
    # The person's index drives the query (see filter_only); the organisation is checked on her rows.
    query = (select(Case).where(filter_only(Case.organisation_id) == organisation_id, Case.person_id == person_id)
             .order_by(*NEWEST_FIRST))
    return db.session.scalars(query).all()


def case_workers(organisation_id):
    """Active users of the organisation who can be given cases."""
    query = (select(User).where(User.organisation_id == organisation_id, User.active.is_(True),
                                User.role.in_(CASE_WORKER_ROLES)).order_by(User.display_name))
    return db.session.scalars(query).all()


def _check_worker(organisation_id, worker):
    if worker.organisation_id != organisation_id or worker.role not in CASE_WORKER_ROLES or not worker.active:
        raise CaseError(_l("Cases can only be given to active case workers of your organisation."))


def _active_consent(case, purpose):
    query = select(Consent).where(Consent.case_id == case.id, Consent.purpose == purpose,
                                  Consent.withdrawn_on.is_(None))
    return db.session.scalar(query)


def _consent_label(purpose):
    return ConsentPurpose(purpose).label


def _plain(value):
    """JSON-safe form of an event detail (enums, dates and UUIDs as strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)

