"""The SQL of what is due in prepared returns: which rows fall due on which day, for core.due's windows.

Each function gives a SELECT and its due column; the columns of the
case (CASE_COLUMNS) come first, so the task items need no other load.
"""

from sqlalchemy import and_, case, exists, func, literal_column, null, select
from sqlalchemy.orm import aliased

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


def departed_returns(user):
    """A CTE of the departed returns of the cases ``user`` follows, with the case columns the items show.

    The three kinds of follow-up item read it: the database finds these returns once a page, not once a kind.
    """
    return (returns_of(user, *CASE_COLUMNS, Case.status.label("case_status"))
            .where(PreparedReturn.status == ReturnStatus.DEPARTED).cte("departed"))


def _of_departed(departed, *columns):
    return select(departed.c.return_id, departed.c.case_id, departed.c.reference, departed.c.assigned_to_id, *columns)


def next_open_follow_ups(departed):
    """The earliest follow-up of each departed return not yet recorded, with how many the return has."""
    other = aliased(FollowUp)
    of = select(func.count()).where(other.return_id == FollowUp.return_id).scalar_subquery()
    earlier_open = exists().where(other.return_id == FollowUp.return_id, other.done_on.is_(None),
                                  other.number < FollowUp.number)
    return (_of_departed(departed, FollowUp.due_on, literal_column(str(NEXT)).label("kind"),
                         FollowUp.id.label("follow_up_id"), FollowUp.number, of.label("of"))
            .join(FollowUp, FollowUp.return_id == departed.c.return_id)
            .where(FollowUp.done_on.is_(None), ~earlier_open)), FollowUp.due_on


def unreached_streaks(departed):
    """Departed returns whose latest NOT_REACHED_STREAK recorded follow-ups all missed: due when the last was."""
    rank = func.row_number().over(partition_by=FollowUp.return_id,
                                  order_by=(FollowUp.done_on.desc(), FollowUp.number.desc()))
    # Only returns with enough misses are ranked: ranking every recorded follow-up cost the most.
    # Each departed return's follow-ups by their index (a join let SQLite walk every follow-up instead).
    missing = (select(FollowUp.return_id)
               .where(FollowUp.return_id.in_(select(departed.c.return_id)), FollowUp.outcome == Outcome.NOT_REACHED)
               .group_by(FollowUp.return_id).having(func.count() >= NOT_REACHED_STREAK))
    recorded = (select(FollowUp.return_id, FollowUp.done_on, FollowUp.outcome, rank.label("rank"))
                .where(FollowUp.done_on.is_not(None), FollowUp.return_id.in_(missing)).subquery())
    missed = func.sum(case((recorded.c.outcome == Outcome.NOT_REACHED, 1), else_=0))
    latest = (select(recorded.c.return_id, func.max(recorded.c.done_on).label("done_on"))
              .where(recorded.c.rank <= NOT_REACHED_STREAK).group_by(recorded.c.return_id)
              .having(missed == NOT_REACHED_STREAK).subquery())
    return (_of_departed(departed, latest.c.done_on.label("due_on"), literal_column(str(STREAK)), null(), null(),
                         null())
            .join(latest, latest.c.return_id == departed.c.return_id)), latest.c.done_on


def closures(departed):
    """Departed returns of cases in follow-up with every follow-up recorded: due on the day of the last one."""
    other = aliased(FollowUp)
    later = exists().where(other.return_id == FollowUp.return_id, other.number > FollowUp.number)
    still_open = exists().where(other.return_id == departed.c.return_id, other.done_on.is_(None))
    return (_of_departed(departed, FollowUp.done_on, literal_column(str(CLOSE)), null(), null(), null())
            .join(FollowUp, FollowUp.return_id == departed.c.return_id)
            .where(departed.c.case_status == CaseStatus.FOLLOW_UP, ~later, ~still_open)), FollowUp.done_on
