"""Prepared returns: the consent-gated referral, the status steps, departure into follow-up, closure.

    referred ──► accepted ──► travel planned ──► departed
        └────────────┴──────────────┴──► cancelled (with a reason)

Case status changes go through the cases service (its state machine). Every
step is a timeline event of the case. Flushes, never commits.
"""


from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseapp.core.clock import local_today
from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.cases.models import Case, ConsentPurpose
from caseapp.cases.services import change_status, record_event, require_consent
from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.core.models import join_codes
from caseapp.core.scopes import allowed
from caseapp.extensions import db
from caseapp.returns.followups import schedule_follow_ups
from caseapp.returns.models import PackField, PreparedReturn, ReturnStatus

S = ReturnStatus
NEXT = {S.REFERRED: S.ACCEPTED, S.ACCEPTED: S.TRAVEL_PLANNED, S.TRAVEL_PLANNED: S.DEPARTED}
OPEN = (S.REFERRED, S.ACCEPTED, S.TRAVEL_PLANNED)


class ReturnError(ValueError):
    """The return step is not allowed; the message is user-facing."""


def refer(case, actor, return_organisation, *, fields, country, region=None, today=None):
    """Refer ``case`` to a return organisation; needs the consent to share with it. Moves the case to return."""
    require_consent(case, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    if not return_organisation.active:
        raise ReturnError(_l("Choose an active return organisation."))
    if current_return(case) is not None:
        raise ReturnError(_l("This case already has a return under way."))
    if case.status != CaseStatus.RETURN:
        change_status(case, actor, CaseStatus.RETURN, case.version)
    agreed = set(fields)
    prepared = PreparedReturn(organisation_id=case.organisation_id, case_id=case.id,
                              return_organisation_id=return_organisation.id, destination_country=country,
                              consented_fields=join_codes(code for code in PackField if code in agreed),
                              status_on=today or local_today(), referred_by_id=actor.id)
    prepared.region = (region or "").strip() or None
    db.session.add(prepared)
    db.session.flush()
    record_event(case, actor.id, "return_referred", return_id=prepared.id,
                 return_organisation_id=return_organisation.id, country=country)
    return prepared


def advance(prepared, actor, target, version, *, on=None, months=6):
    """Take the next step; travel planned needs the planned date, departure the day of departure."""
    check_version(prepared, version)
    target = ReturnStatus(target)
    if NEXT.get(ReturnStatus(prepared.status)) != target:
        raise ReturnError(_l("A return that is “%(current)s” cannot become “%(target)s”.",
                             current=prepared.status_label, target=target.label))
    if target in (S.TRAVEL_PLANNED, S.DEPARTED) and on is None:
        raise ReturnError(_l("Give the date."))
    _set_step(prepared, target, on)
    if target == S.DEPARTED:
        change_status(prepared.case, actor, CaseStatus.FOLLOW_UP, prepared.case.version)
        schedule_follow_ups(prepared, on, months)
    record_event(prepared.case, actor.id, f"return_{target}", return_id=prepared.id, on=on)
    flush_versioned()


def cancel(prepared, actor, reason, version, today=None):
    """Cancel a return that has not departed; the reason is kept encrypted."""
    check_version(prepared, version)
    if prepared.status not in OPEN:
        raise ReturnError(_l("Only a return that has not departed can be cancelled."))
    if not (reason or "").strip():
        raise ReturnError(_l("Give the reason for cancelling."))
    prepared.cancel_reason = reason.strip()
    prepared.status, prepared.status_on = S.CANCELLED, today or local_today()
    record_event(prepared.case, actor.id, "return_cancelled", return_id=prepared.id)
    flush_versioned()


def close_returned(prepared, actor, version, today=None):
    """Close the case with the outcome "returned home" once every follow-up is recorded."""
    check_version(prepared.case, version)
    if prepared.status != S.DEPARTED or not all(f.done for f in prepared.follow_ups):
        raise ReturnError(_l("The case can be closed as returned home when the last follow-up is recorded."))
    change_status(prepared.case, actor, CaseStatus.CLOSED, version, outcome=ClosureOutcome.RETURNED,
                  closed_on=today)


def can_close(prepared):
    """True when the case waits only for its closure as returned home."""
    return (prepared.status == S.DEPARTED and prepared.case.status == CaseStatus.FOLLOW_UP
            and all(f.done for f in prepared.follow_ups))


def current_return(case):
    """The case's return that is not cancelled (at most one), or None."""
    return db.session.scalar(select(PreparedReturn).where(PreparedReturn.case_id == case.id,
                                                          PreparedReturn.status != S.CANCELLED))


def returns_of_case(case):
    """Every return of the case, newest first."""
    query = (select(PreparedReturn).where(PreparedReturn.case_id == case.id)
             .order_by(PreparedReturn.referred_at.desc()))
    return db.session.scalars(query).all()


def get_return(user, return_id):
    """The return with this id if ``user``'s organisation owns it and the user may see its case, else None."""
    prepared = db.session.scalar(select(PreparedReturn).join(Case, Case.id == PreparedReturn.case_id).where(
        PreparedReturn.id == return_id, Case.organisation_id == user.organisation_id))
    return prepared if prepared is not None and allowed(user, "cases", prepared.case_id) else None


def _set_step(prepared, target, on):
    prepared.status, prepared.status_on = target, local_today() if on is None else min(on, local_today())
    if target == S.TRAVEL_PLANNED:
        prepared.planned_on = on
    elif target == S.DEPARTED:
        prepared.departed_on = on
