"""What is due in prepared returns, for the task list: return steps and follow-ups after return.

Each row names the case by its reference only. A worker gets the items of
their own cases; a coordinator those of the whole organisation.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from caseapp.auth.models import Role
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.core.registry import DueItem
from caseapp.core.scopes import case_scope
from caseapp.extensions import db
from caseapp.returns.followups import next_open, unreached_streak
from caseapp.returns.models import PreparedReturn, ReturnStatus
from caseapp.returns.services import OPEN, can_close

# How long the return organisation's answer, and the planning after it, may take before they are due.
STEP_DAYS = 14
STEP_TITLES = {
    ReturnStatus.REFERRED: _l("Ask the return organisation for its answer"),
    ReturnStatus.ACCEPTED: _l("Plan the travel home"),
    ReturnStatus.TRAVEL_PLANNED: _l("Record the departure"),
}


def returns_for(user):
    """The returns of the cases ``user`` follows (their own; a coordinator's organisation's), cases loaded."""
    query = (select(PreparedReturn).join(Case, Case.id == PreparedReturn.case_id)
             .where(Case.organisation_id == user.organisation_id, PreparedReturn.status != ReturnStatus.CANCELLED,
                    Case.status.in_((CaseStatus.RETURN, CaseStatus.FOLLOW_UP)))
             .options(contains_eager(PreparedReturn.case), selectinload(PreparedReturn.follow_ups)))
    if user.role != Role.COORDINATOR:
        query = query.where(Case.assigned_to_id == user.id)
    scope = case_scope(user)
    if scope is not None:
        query = query.where(Case.id.in_(scope))
    return db.session.scalars(query).all()


def step_items(user, today):
    """The next step of each return under way: the answer, the planning, the departure."""
    if user.role not in CASE_WORKER_ROLES:
        return []
    return [_item(p, _step_due(p), STEP_TITLES[p.status]) for p in returns_for(user) if p.status in OPEN]


def follow_up_items(user, today):
    """The next follow-up of each departed return, a decision after three unreached, and the closure."""
    if user.role not in CASE_WORKER_ROLES:
        return []
    items = []
    for prepared in returns_for(user):
        if prepared.status == ReturnStatus.DEPARTED:
            items.extend(_follow_up_items(prepared))
    return items


def _follow_up_items(prepared):
    upcoming, streak = next_open(prepared), unreached_streak(prepared)
    if upcoming is not None:
        title = _l("Follow-up contact %(number)d of %(total)d after return", number=upcoming.number,
                   total=len(prepared.follow_ups))
        yield _item(prepared, upcoming.due_on, title, "returns.record", {"follow_up_id": upcoming.id})
    if streak is not None:
        yield _item(prepared, streak.done_on, _l("Three follow-ups in a row did not reach the person: decide "
                                                 "how to go on"))
    if can_close(prepared):
        yield _item(prepared, prepared.follow_ups[-1].done_on, _l("Close the case: the follow-up is complete"))


def _step_due(prepared):
    if prepared.status == ReturnStatus.TRAVEL_PLANNED and prepared.planned_on:
        return prepared.planned_on
    return prepared.status_on + timedelta(days=STEP_DAYS)


def _item(prepared, due_on, title, endpoint="returns.show", url_values=None):
    case = prepared.case
    return DueItem(due_on=due_on, title=title, assigned_to_id=case.assigned_to_id, case_id=case.id,
                   reference=case.reference, endpoint=endpoint, url_values=url_values or {"return_id": prepared.id})
