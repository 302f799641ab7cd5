"""What is due in prepared returns, for the task list: return steps and follow-ups after return.

Each row names the case by its reference only. A worker gets the items of
their own cases; a coordinator those of the whole organisation. The due rows
of a window are selected in SQL (returns.due), soonest first and bounded
(core.due), so the task list costs the same however many returns are under way.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, union_all

from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.models import Case
from caseapp.core.due import due_batches, in_span
from caseapp.core.registry import DueItem
from caseapp.returns.due import (NEXT, STREAK, closures, next_open_follow_ups, open_steps, ranked_follow_ups,
                                 unreached_streaks)
from caseapp.returns.models import ReturnStatus

STEP_TITLES = {
    ReturnStatus.REFERRED: _l("Ask the return organisation for its answer"),
    ReturnStatus.ACCEPTED: _l("Plan the travel home"),
    ReturnStatus.TRAVEL_PLANNED: _l("Record the departure"),
}


def step_items(user, today, windows):
    """The next step of each return under way in the windows: the answer, the planning, the departure."""
    if user.role not in CASE_WORKER_ROLES:
        return windows.answer([])
    query, due = open_steps(user)
    return due_batches(query, due, windows, lambda row: _item(row, STEP_TITLES[row.status]), case_id=Case.id,
                       assigned_to_id=Case.assigned_to_id)


def follow_up_items(user, today, windows):
    """In the windows: the next follow-up of each departed return, a decision after three unreached, the closure."""
    if user.role not in CASE_WORKER_ROLES:
        return windows.answer([])
    # Each kind is narrowed to the windows' days before the union; due_batches keeps the chosen worker's.
    ranked = ranked_follow_ups(user)
    kinds = [in_span(query, due_on, windows)
             for query, due_on in (kind(ranked) for kind in (next_open_follow_ups, unreached_streaks, closures))]
    due = union_all(*kinds).subquery()
    return due_batches(select(due), due.c.due_on, windows, _follow_up_item, case_id=due.c.case_id,
                       assigned_to_id=due.c.assigned_to_id, then=(due.c.kind,))


def _follow_up_item(row):
    if row.kind == NEXT:
        title = _l("Follow-up contact %(number)d of %(total)d after return", number=row.number, total=row.of)
        return _item(row, title, "returns.record", {"follow_up_id": row.follow_up_id})
    if row.kind == STREAK:
        return _item(row, _l("Three follow-ups in a row did not reach the person: decide how to go on"))
    return _item(row, _l("Close the case: the follow-up is complete"))


def _item(row, title, endpoint="returns.show", url_values=None):
    return DueItem(due_on=row.due_on, title=title, assigned_to_id=row.assigned_to_id, case_id=row.case_id,
                   reference=row.reference, endpoint=endpoint, url_values=url_values or {"return_id": row.return_id})
