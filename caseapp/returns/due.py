"""The SQL of what is due in prepared returns: which rows fall due on which day, for core.due's windows.

Each function gives a SELECT and its due column; the columns of the
case (CASE_COLUMNS) come first, so the task items need no other load.
"""

from sqlalchemy import and_, case, func, literal_column, null, select

from caseapp.auth.models import Role
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.core.database import filter_only
from caseapp.core.due import plus_days
from caseapp.core.scopes import case_condition
from caseapp.returns.followups import NOT_REACHED_STREAK
from caseapp.returns.models import FollowUp, Outcome, PreparedReturn, ReturnStatus
from caseapp.returns.services import OPEN

# How long the return organisation's answer, and the planning after it, may take before they are due.
STEP_DAYS = 14
# The follow-up items of one return, in the order the list shows them when they fall on the same day.
NEXT, STREAK, CLOSE = 0, 1, 2
CASE_COLUMNS = (PreparedReturn.id.label("return_id"), Case.id.label("case_id"), Case.reference,
                Case.assigned_to_id)


def returns_of(user, *columns):
    """``columns`` of the returns, not cancelled, of the cases ``user`` follows (a coordinator: the organisation's)."""
    # The few cases in return or follow-up, from the cases' (organisation, status) index, drive the query: not
    # the organisation's every return of twenty years (SQLite scanned them all for the follow-ups).
    followed = select(Case.id).where(Case.organisation_id == user.organisation_id,
                                     Case.status.in_((CaseStatus.RETURN, CaseStatus.FOLLOW_UP)))
    query = (select(*columns).select_from(PreparedReturn).join(Case, Case.id == PreparedReturn.case_id)
             .where(PreparedReturn.case_id.in_(followed), Case.organisation_id == user.organisation_id,
                    filter_only(PreparedReturn.organisation_id) == user.organisation_id,
                    PreparedReturn.status != ReturnStatus.CANCELLED))
    if user.role != Role.COORDINATOR:
        query = query.where(Case.assigned_to_id == user.id)
    scope = case_condition(user)
    return query if scope is None else query.where(scope)


def open_steps(user):
    """The returns under way: planned departures due on their day, the other steps STEP_DAYS after the last."""
    due = case((and_(PreparedReturn.status == ReturnStatus.TRAVEL_PLANNED, PreparedReturn.planned_on.is_not(None)),
                PreparedReturn.planned_on), else_=plus_days(PreparedReturn.status_on, STEP_DAYS))
    query = returns_of(user, *CASE_COLUMNS, due.label("due_on"), PreparedReturn.status)
    return query.where(PreparedReturn.status.in_(OPEN)), due


def ranked_follow_ups(user):
    """A CTE of every follow-up of the departed returns ``user`` follows, with its return's case columns.

    Aggregates over the return's follow-ups, one window without order (the cheapest for the database to
    compute) give each row what the three kinds of item need: ``of``, how many follow-ups the return has;
    ``open_left``, how many are not recorded yet; ``first_open`` and ``last_number``, the number of its
    earliest open and of its last follow-up; ``misses``, how many did not reach the person. The kinds read
    this one pass over the follow-ups instead of probing each return's follow-ups again and again.
    """
    by_return = {"partition_by": FollowUp.return_id}
    still_open = FollowUp.done_on.is_(None)
    return (returns_of(user, *CASE_COLUMNS, Case.status.label("case_status"), FollowUp.id.label("follow_up_id"),
                       FollowUp.number, FollowUp.due_on, FollowUp.done_on, FollowUp.outcome,
                       func.count().over(**by_return).label("of"),
                       func.sum(case((still_open, 1), else_=0)).over(**by_return).label("open_left"),
                       func.min(case((still_open, FollowUp.number))).over(**by_return).label("first_open"),
                       func.max(FollowUp.number).over(**by_return).label("last_number"),
                       func.sum(case((FollowUp.outcome == Outcome.NOT_REACHED, 1), else_=0)).over(**by_return)
                       .label("misses"))
            .join(FollowUp, FollowUp.return_id == PreparedReturn.id)
            .where(PreparedReturn.status == ReturnStatus.DEPARTED).cte("ranked_follow_ups"))


def _case_columns(rows):
    return rows.c.return_id, rows.c.case_id, rows.c.reference, rows.c.assigned_to_id


def next_open_follow_ups(ranked):
    """The earliest follow-up of each departed return not yet recorded, with how many the return has."""
    return (select(*_case_columns(ranked), ranked.c.due_on, literal_column(str(NEXT)).label("kind"),
                   ranked.c.follow_up_id, ranked.c.number, ranked.c.of)
            .where(ranked.c.done_on.is_(None), ranked.c.number == ranked.c.first_open)), ranked.c.due_on


def unreached_streaks(ranked):
    """Departed returns whose latest NOT_REACHED_STREAK recorded follow-ups all missed: due when the last was."""
    # Only the returns with enough misses are ranked by day recorded: ranking every follow-up cost the most.
    latest_first = func.row_number().over(partition_by=ranked.c.return_id,
                                          order_by=(ranked.c.done_on.desc(), ranked.c.number.desc()))
    recorded = (select(*_case_columns(ranked), ranked.c.done_on, ranked.c.outcome, latest_first.label("place"))
                .where(ranked.c.misses >= NOT_REACHED_STREAK, ranked.c.done_on.is_not(None)).subquery())
    missed = func.sum(case((recorded.c.outcome == Outcome.NOT_REACHED, 1), else_=0))
    latest = (select(*_case_columns(recorded), func.max(recorded.c.done_on).label("due_on"))
              .where(recorded.c.place <= NOT_REACHED_STREAK)
              .group_by(*_case_columns(recorded)).having(missed == NOT_REACHED_STREAK).subquery())
    return (select(*_case_columns(latest), latest.c.due_on, literal_column(str(STREAK)), null(), null(), null()),
            latest.c.due_on)


def closures(ranked):
    """Departed returns of cases in follow-up with every follow-up recorded: due on the day of the last one."""
    return (select(*_case_columns(ranked), ranked.c.done_on, literal_column(str(CLOSE)), null(), null(), null())
            .where(ranked.c.case_status == CaseStatus.FOLLOW_UP, ranked.c.open_left == 0,
                   ranked.c.number == ranked.c.last_number)), ranked.c.done_on
