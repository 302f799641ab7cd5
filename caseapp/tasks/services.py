"""Group the due items the features report into overdue, today, this week and later."""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from caseapp.core.due import DueBatch, DueWindows, holds
from caseapp.core.enums import LabelledEnum
from caseapp.core.registry import registry


class Group(LabelledEnum):
    """When an item is due, seen from today (calendar days in the installation's time zone)."""

    OVERDUE = "overdue", _l("Overdue")
    TODAY = "today", _l("Today")
    THIS_WEEK = "this_week", _l("This week")
    LATER = "later", _l("Later")


# How many items of a group a page lists: past this a list is read by nobody and costs every request.
SHOWN_PER_GROUP = 50


@dataclass
class TaskGroup(DueBatch):
    """A group's soonest items (as many as a page lists) and how many it holds (counted up to COUNT_LIMIT + 1)."""

    group: Group

    @property
    def shown(self):
        """The soonest items, as many as a page lists."""
        return self.items

    @property
    def not_shown(self):
        """How many items the page leaves out."""
        return max(0, self.total - len(self.items))

    @property
    def label(self):
        """The group's name in the user's language."""
        return self.group.label


def group_of(due_on, today):
    """The group of an item due on ``due_on``; this week runs to Sunday (Danish weeks start on Monday)."""
    return next(group for group, bound in group_ranges(today).items() if holds(bound, due_on))


def group_ranges(today):
    """The first and last due day of each group (None: open); on a Sunday this week is empty."""
    sunday = today + timedelta(days=6 - today.weekday())
    day = timedelta(days=1)
    return {Group.OVERDUE: (None, today - day), Group.TODAY: (today, today),
            Group.THIS_WEEK: (today + day, sunday), Group.LATER: (sunday + day, None)}


def task_groups(user, today, worker_id=None):
    """Each group's soonest items due for ``user`` (only ``worker_id``'s when given) and their count.

    Every source is asked once for all the groups' windows, so the list costs one statement
    per source however many items are due.
    """
    ranges = group_ranges(today)
    batches = registry().due_items(user, today, DueWindows(tuple(ranges.values()), SHOWN_PER_GROUP, worker_id))
    return [TaskGroup(items=batch.items, total=batch.total, group=group)
            for group, batch in zip(ranges, batches, strict=True)]
