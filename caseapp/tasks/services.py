"""Group the due items the features report into overdue, today, this week and later."""

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from caseapp.core.enums import LabelledEnum
from caseapp.core.registry import registry


class Group(LabelledEnum):
    """When an item is due, seen from today (calendar days in the installation's time zone)."""

    OVERDUE = "overdue", _l("Overdue")
    TODAY = "today", _l("Today")
    THIS_WEEK = "this_week", _l("This week")
    LATER = "later", _l("Later")


# How many items of a group a page lists: past this a list is read by nobody and costs every request.
SHOWN_PER_GROUP = 100


@dataclass
class TaskGroup:
    """The items of one group, soonest first."""

    group: Group
    items: list = field(default_factory=list)

    @property
    def shown(self):
        """The soonest items, as many as a page lists."""
        return self.items[:SHOWN_PER_GROUP]

    @property
    def not_shown(self):
        """How many items the page leaves out."""
        return max(0, len(self.items) - SHOWN_PER_GROUP)

    @property
    def label(self):
        """The group's name in the user's language."""
        return self.group.label


def group_of(due_on, today):
    """The group of an item due on ``due_on``; this week runs to Sunday (Danish weeks start on Monday)."""
    if due_on < today:
        return Group.OVERDUE
    if due_on == today:
        return Group.TODAY
    sunday = today + timedelta(days=6 - today.weekday())
    return Group.THIS_WEEK if due_on <= sunday else Group.LATER


def task_groups(user, today, worker_id=None):
    """Every feature's items due for ``user`` (only ``worker_id``'s when given), in their groups."""
    items = [item for item in registry().due_items(user, today)
             if worker_id is None or item.assigned_to_id == worker_id]
    groups = {group: TaskGroup(group) for group in Group}
    for item in items:
        groups[group_of(item.due_on, today)].items.append(item)
    return list(groups.values())
