"""How days are counted: the decision day is day 1, the deadline day is the last day, Copenhagen dates."""

from datetime import UTC, date, datetime

import pytest

from caseapp.core.clock import local_today
from caseapp.reflection.periods import BoardState, board_state, days_left, deadline_after, length_in_days


def test_the_decision_day_is_day_one():
    """A 100-day period decided on 1 March ends on 8 June: 1 March plus 99 days."""
    assert deadline_after(date(2026, 3, 1), 100) == date(2026, 6, 8)
    assert length_in_days(date(2026, 3, 1), date(2026, 6, 8)) == 100
    assert deadline_after(date(2026, 3, 1), 1) == date(2026, 3, 1)


def test_the_deadline_day_itself_is_not_overdue():
    """On the deadline day 0 days are left and the state is '7 days or less'; the next day it is overdue."""
    deadline = date(2026, 6, 8)
    assert days_left(deadline, deadline) == 0 and board_state(0) == BoardState.WEEK
    assert days_left(deadline, date(2026, 6, 9)) == -1 and board_state(-1) == BoardState.OVERDUE


@pytest.mark.parametrize(("left", "state"), [(7, BoardState.WEEK), (8, BoardState.FORTNIGHT),
                                             (14, BoardState.FORTNIGHT), (15, BoardState.MONTH),
                                             (30, BoardState.MONTH), (31, BoardState.LATER)])
def test_board_states_at_their_edges(left, state):
    """Each state includes its upper bound: 7, 14 and 30 days left."""
    assert board_state(left) == state


def test_29_february_is_an_ordinary_day_of_a_leap_year():
    """A period over 29 February 2028 is one day shorter in the calendar than over February 2027."""
    assert deadline_after(date(2028, 2, 1), 100) == date(2028, 5, 10)
    assert deadline_after(date(2027, 2, 1), 100) == date(2027, 5, 11)
    assert deadline_after(date(2028, 2, 29), 1) == date(2028, 2, 29)
    assert days_left(date(2028, 3, 1), date(2028, 2, 28)) == 2


def test_daylight_saving_changes_move_no_deadline():
    """Periods over the spring and autumn clock changes keep their length in days."""
    assert deadline_after(date(2026, 3, 28), 3) == date(2026, 3, 30)
    assert deadline_after(date(2026, 10, 24), 3) == date(2026, 10, 26)
    assert length_in_days(date(2026, 3, 1), date(2026, 10, 31)) == 245


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), date(2026, 3, 28)),   # 23:59 CET
    (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), date(2026, 3, 29)),    # 00:00 CET, the night clocks go forward
    (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), date(2026, 10, 24)),  # 23:59 CEST
    (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), date(2026, 10, 25)),  # 00:00 CEST, the night clocks go back
    (datetime(2028, 2, 28, 23, 30, tzinfo=UTC), date(2028, 2, 29)),
])
def test_today_is_the_copenhagen_calendar_date(moment, expected):
    """'Today' turns at Copenhagen midnight, in winter and summer time."""
    assert local_today(moment) == expected
