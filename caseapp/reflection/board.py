"""The deadline board: every running reflection period a user may follow, by days left."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.core.scopes import case_condition
from caseapp.extensions import db
from caseapp.reflection.models import ReflectionPeriod
from caseapp.reflection.periods import BoardState, board_state, days_left, deadline_after

NEXT_EXTENSION = _l("Apply for an extension")
NEXT_RETURN = _l("Prepare the return")


@dataclass(frozen=True)
class BoardRow:
    """One running period on the board: no personal data, the case reference identifies it."""

    case_id: object
    reference: str
    deadline: date
    days_left: int
    state: str
    assigned_to_id: object
    next_step: object

    @property
    def state_label(self):
        """The state in words."""
        return BoardState(self.state).label


def running_periods(user, today, lengths, limit=None):
    """The periods of cases in reflection that ``user`` may see, fewest days left first, with what is due next.

    ``limit``: only the first so many (None: all of them).
    """
    query = periods_of(user).order_by(ReflectionPeriod.deadline, Case.reference).limit(limit)
    return [_row(row, today, lengths) for row in db.session.execute(query)]


def count_running(user):
    """How many running periods ``user`` may see."""
    return db.session.scalar(select(func.count()).select_from(periods_of(user).subquery()))


def periods_of(user):
    """A SELECT of the deadline, start, case id, reference and worker of each running period ``user`` may see."""
    query = (select(ReflectionPeriod.deadline, ReflectionPeriod.starts_on, Case.id, Case.reference,
                    Case.assigned_to_id)
             .join(Case, Case.id == ReflectionPeriod.case_id)
             .where(Case.organisation_id == user.organisation_id, Case.status == CaseStatus.REFLECTION))
    scope = case_condition(user)
    return query if scope is None else query.where(scope)


def _row(row, today, lengths):
    left = days_left(row.deadline, today)
    return BoardRow(row.id, row.reference, row.deadline, left, board_state(left), row.assigned_to_id,
                    next_step(row, lengths))


def next_step(row, lengths):
    """An extension while the maximum allows a later deadline; otherwise prepare the return."""
    if row.deadline < deadline_after(row.starts_on, lengths.maximum):
        return NEXT_EXTENSION
    return NEXT_RETURN
