"""What is due in prepared returns, for the task list: return steps and follow-ups after return.

Each row names the case by its reference only. A worker gets the items of
their own cases; a coordinator those of the whole organisation. The due rows
of a window are selected in SQL, soonest first and bounded (core.due), so the
task list costs the same however many returns are under way.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, literal_column, null, select, union_all
from sqlalchemy.orm import aliased

from caseapp.auth.models import Role
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.core.due import DueBatch, DueWindow, due_rows, in_window, plus_days
from caseapp.core.registry import DueItem
from caseapp.core.scopes import case_scope
from caseapp.returns.followups import NOT_REACHED_STREAK
from caseapp.returns.models import FollowUp, Outcome, PreparedReturn, ReturnStatus
from caseapp.returns.services import OPEN

# How long the return organisation's answer, and the planning after it, may take before they are due.
STEP_DAYS = 14
STEP_TITLES = {
    ReturnStatus.REFERRED: _l("Ask the return organisation for its answer"),
    ReturnStatus.ACCEPTED: _l("Plan the travel home"),
    ReturnStatus.TRAVEL_PLANNED: _l("Record the departure"),
}
# The follow-up items of one return, in the order the list shows them when they fall on the same day.
NEXT, STREAK, CLOSE = 0, 1, 2
CASE_COLUMNS = (PreparedReturn.id.label("return_id"), Case.id.label("case_id"), Case.reference,
                Case.assigned_to_id)


def returns_of(user, *columns):
    """``columns`` of the returns, not cancelled, of the cases ``user`` follows (a coordinator: the organisation's)."""
    query = (select(*columns).select_from(PreparedReturn).join(Case, Case.id == PreparedReturn.case_id)
             .where(Case.organisation_id == user.organisation_id, PreparedReturn.organisation_id == user.organisation_id,
                    PreparedReturn.status != ReturnStatus.CANCELLED,
                    Case.status.in_((CaseStatus.RETURN, CaseStatus.FOLLOW_UP))))
    if user.role != Role.COORDINATOR:
        query = query.where(Case.assigned_to_id == user.id)
    scope = case_scope(user)
    return query if scope is None else query.where(Case.id.in_(scope))


def step_items(user, today, window):
    """The next step of each return under way in the window: the answer, the planning, the departure."""
    if user.role not in CASE_WORKER_ROLES:
        return DueBatch([], 0)
    due = case((and_(PreparedReturn.status == ReturnStatus.TRAVEL_PLANNED, PreparedReturn.planned_on.is_not(None)),
                PreparedReturn.planned_on), else_=plus_days(PreparedReturn.status_on, STEP_DAYS))
    query = returns_of(user, *CASE_COLUMNS, due.label("due_on"), PreparedReturn.status).where(
        PreparedReturn.status.in_(OPEN))
    rows, total = due_rows(query, due, window, case_id=Case.id, assigned_to_id=Case.assigned_to_id)
    return DueBatch([_item(row, STEP_TITLES[row.status]) for row in rows], total)


def follow_up_items(user, today, window):
    """In the window: the next follow-up of each departed return, a decision after three unreached, the closure."""
    if user.role not in CASE_WORKER_ROLES:
        return DueBatch([], 0)
    # Each kind is narrowed to the window before the union, where the database can use its indexes.
    kinds = [in_window(query, due_on, window, Case.assigned_to_id)
             for query, due_on in (_next_open(user), _streaks(user), _closures(user))]
    due = union_all(*kinds).subquery()
    rows, total = due_rows(select(due), due.c.due_on, DueWindow(limit=window.limit), case_id=due.c.case_id,
                           assigned_to_id=due.c.assigned_to_id, then=(due.c.kind,), whole_sort=True)
    return DueBatch([_follow_up_item(row) for row in rows], total)


def _departed(user, *columns):
    return returns_of(user, *CASE_COLUMNS, *columns).where(PreparedReturn.status == ReturnStatus.DEPARTED)


def _next_open(user):
    """(A SELECT, its due column): the earliest follow-up of each departed return not yet recorded, with how many the return has."""
    other = aliased(FollowUp)
    of = select(func.count()).where(other.return_id == PreparedReturn.id).scalar_subquery()
    earlier_open = exists().where(other.return_id == FollowUp.return_id, other.done_on.is_(None),
                                  other.number < FollowUp.number)
    return (_departed(user, FollowUp.due_on, literal_column(str(NEXT)).label("kind"),
                      FollowUp.id.label("follow_up_id"), FollowUp.number, of.label("of"))
            .join(FollowUp, FollowUp.return_id == PreparedReturn.id)
            .where(FollowUp.done_on.is_(None), ~earlier_open)), FollowUp.due_on


def _streaks(user):
    """(A SELECT, its due column): departed returns whose latest NOT_REACHED_STREAK recorded follow-ups all missed: due when the last was."""
    rank = func.row_number().over(partition_by=FollowUp.return_id,
                                  order_by=(FollowUp.done_on.desc(), FollowUp.number.desc()))
    # Only returns with enough misses are ranked: ranking every recorded follow-up cost the most.
    missing = (returns_of(user, FollowUp.return_id).join(FollowUp, FollowUp.return_id == PreparedReturn.id)
               .where(PreparedReturn.status == ReturnStatus.DEPARTED, FollowUp.outcome == Outcome.NOT_REACHED)
               .group_by(FollowUp.return_id).having(func.count() >= NOT_REACHED_STREAK))
    recorded = (_departed(user, FollowUp.done_on, FollowUp.outcome, rank.label("rank"))
                .join(FollowUp, FollowUp.return_id == PreparedReturn.id)
                .where(FollowUp.done_on.is_not(None), PreparedReturn.id.in_(missing)).subquery())
    missed = func.sum(case((recorded.c.outcome == Outcome.NOT_REACHED, 1), else_=0))
    latest = (select(recorded.c.return_id, func.max(recorded.c.done_on).label("done_on"))
              .where(recorded.c.rank <= NOT_REACHED_STREAK).group_by(recorded.c.return_id)
              .having(missed == NOT_REACHED_STREAK).subquery())
    return (_departed(user, latest.c.done_on.label("due_on"), literal_column(str(STREAK)), null(), null(), null())
            .join(latest, latest.c.return_id == PreparedReturn.id)), latest.c.done_on


def _closures(user):
    """(A SELECT, its due column): departed returns of cases in follow-up with every follow-up recorded, due on the day of the last one."""
    other = aliased(FollowUp)
    later = exists().where(other.return_id == FollowUp.return_id, other.number > FollowUp.number)
    still_open = exists().where(other.return_id == PreparedReturn.id, other.done_on.is_(None))
    return (_departed(user, FollowUp.done_on, literal_column(str(CLOSE)), null(), null(), null())
            .join(FollowUp, FollowUp.return_id == PreparedReturn.id)
            .where(Case.status == CaseStatus.FOLLOW_UP, ~later, ~still_open)), FollowUp.done_on


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
