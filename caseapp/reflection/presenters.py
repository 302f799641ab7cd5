"""What the reflection feature adds to the case page, the home page and the task list."""

from typing import NamedTuple

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.models import Role
from caseapp.cases.models import Case
from caseapp.core.clock import local_today
from caseapp.core.due import due_batches
from caseapp.core.i18n import format_date
from caseapp.core.registry import DueItem
from caseapp.reflection.board import count_running, next_step, periods_of, running_periods
from caseapp.reflection.models import ReflectionPeriod
from caseapp.reflection.periods import Lengths, board_state, days_left, deadline_after
from caseapp.reflection.services import period_of

REFLECTION_ROLES = (Role.SHELTER_STAFF, Role.COORDINATOR)
# The home page shows the nearest deadlines; the Deadlines page lists every running period.
HOME_BOARD_ROWS = 10


def case_section(case):
    """The case's period, its decisions and whether the signed-in user may record decisions."""
    lengths = Lengths.from_config(current_app.config)
    period = period_of(case)
    context = {"period": period, "can_decide": current_user.role in REFLECTION_ROLES, "lengths": lengths,
               "summary": _("None recorded")}
    if period is not None:
        left = days_left(period.deadline, local_today())
        state = board_state(left).label
        context.update(days_left=left, state_label=state, latest=deadline_after(period.starts_on, lengths.maximum),
                       summary=_("Deadline %(date)s · %(state)s", date=format_date(period.deadline), state=state))
    return context


class HomeBoard(NamedTuple):
    """The nearest deadlines of a user's board and how many periods run in all."""

    rows: list
    total: int


def board_rows():
    """The signed-in user's nearest deadlines and how many periods run, for the home page."""
    rows = running_periods(current_user, local_today(), Lengths.from_config(current_app.config), HOME_BOARD_ROWS)
    return HomeBoard(rows, len(rows) if len(rows) < HOME_BOARD_ROWS else count_running(current_user))


def due_items(user, today, windows):
    """Each running period the user follows in the windows is due on its deadline, titled by what is next."""
    if user.role not in REFLECTION_ROLES:
        return windows.answer([])
    lengths = Lengths.from_config(current_app.config)
    return due_batches(periods_of(user), ReflectionPeriod.deadline, windows, lambda row: _item(row, lengths),
                       case_id=Case.id, assigned_to_id=Case.assigned_to_id)


def _item(row, lengths):
    return DueItem(due_on=row.deadline, title=next_step(row, lengths), assigned_to_id=row.assigned_to_id,
                   case_id=row.id, reference=row.reference, endpoint="cases.show", url_values={"case_id": row.id})
