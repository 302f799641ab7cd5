"""How reflection-period days are counted. Pure date arithmetic, no database.

Counting rule (also in the README): the decision date is day 1 of the
period, so a period of N days ends on its deadline = decision date + (N − 1)
days, and the person may stay through the whole deadline day. Days left on a
given day = deadline − that day: 0 on the deadline day itself ("due today"),
and the period is overdue from the day after. Dates are Europe/Copenhagen
calendar dates (``core.clock.local_today``); adding days to a ``date`` knows
nothing of clocks, so daylight-saving changes never move a deadline, and
29 February is an ordinary day of a leap year.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from caseapp.core.enums import LabelledEnum


class BoardState(LabelledEnum):
    """How urgent a deadline is, in words (never colour alone)."""

    OVERDUE = "overdue", _l("Overdue")
    WEEK = "week", _l("7 days or less")
    FORTNIGHT = "fortnight", _l("14 days or less")
    MONTH = "month", _l("30 days or less")
    LATER = "later", _l("Later")


# Upper bounds of days left for each state after OVERDUE, tightest first.
STATE_LIMITS = ((7, BoardState.WEEK), (14, BoardState.FORTNIGHT), (30, BoardState.MONTH))


def deadline_after(starts_on, days):
    """The deadline of a period of ``days`` days starting on ``starts_on`` (that day is day 1)."""
    return starts_on + timedelta(days=days - 1)


def length_in_days(starts_on, deadline):
    """How many days a period from ``starts_on`` to ``deadline`` lasts, both days included."""
    return (deadline - starts_on).days + 1


def days_left(deadline, today):
    """Days from ``today`` to the deadline: 0 on the deadline day, negative once it has passed."""
    return (deadline - today).days


def board_state(left):
    """The board state for ``left`` days left."""
    if left < 0:
        return BoardState.OVERDUE
    return next((state for limit, state in STATE_LIMITS if left <= limit), BoardState.LATER)


@dataclass(frozen=True)
class Lengths:
    """The configured usual length and longest total of a period, in days."""

    usual: int
    maximum: int

    @classmethod
    def from_config(cls, config):
        """Read ``REFLECTION_DAYS`` and ``REFLECTION_MAX_DAYS``."""
        return cls(int(config["REFLECTION_DAYS"]), int(config["REFLECTION_MAX_DAYS"]))
