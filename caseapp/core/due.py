"""What a task list asks a task source for (a window of due dates) and how a source answers it in SQL.

A group of the task list shows its soonest items and says how many more are
due, so a source selects only the window's rows, soonest first and at most
``limit``, and counts the rest no further than COUNT_LIMIT: building the list
costs the same for ten due items as for a hundred thousand.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, func, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from caseapp.core.pagination import COUNT_LIMIT, count_up_to
from caseapp.extensions import db


@dataclass(frozen=True)
class DueWindow:
    """Items due from ``start`` to ``end`` (both included; None leaves that end open), at most ``limit``.

    ``worker_id``: only the items of cases assigned to that worker (the coordinator's filter).
    """

    start: date | None = None
    end: date | None = None
    limit: int = 100
    worker_id: uuid.UUID | None = None

    def holds(self, item):
        """True when the DueItem ``item`` is due in the window and is the chosen worker's."""
        return ((self.start is None or item.due_on >= self.start) and (self.end is None or item.due_on <= self.end)
                and (self.worker_id is None or item.assigned_to_id == self.worker_id))

    def answer(self, items):
        """The window's batch of ``items`` built in Python: for a source with a handful of items only."""
        held = sorted((item for item in items if self.holds(item)), key=sort_key)
        return DueBatch(held[:self.limit], len(held))


@dataclass
class DueBatch:
    """A window's soonest items and how many the window holds (a source may stop counting past COUNT_LIMIT)."""

    items: list
    total: int

    @property
    def counted_all(self):
        """False when the window holds more items than were counted."""
        return self.total <= COUNT_LIMIT


def sort_key(item):
    """Soonest first, then by case id: the order the SQL of every source gives too."""
    return item.due_on, str(item.case_id or "")


def merged(batches, limit):
    """One batch of several sources' batches: the ``limit`` soonest of their items, and the sum of their counts."""
    items = sorted((item for batch in batches for item in batch.items), key=sort_key)
    return DueBatch(items[:limit], min(sum(batch.total for batch in batches), COUNT_LIMIT + 1))


def in_window(query, due_on, window, assigned_to_id):
    """``query`` narrowed to the rows whose ``due_on`` lies in the window, the chosen worker's only."""
    if window.start is not None:
        query = query.where(due_on >= window.start)
    if window.end is not None:
        query = query.where(due_on <= window.end)
    if window.worker_id is not None:
        query = query.where(assigned_to_id == window.worker_id)
    return query


def due_rows(query, due_on, window, *, case_id, assigned_to_id, then=(), whole_sort=False):
    """The window's rows of ``query`` (soonest, then by case and ``then``; at most ``limit``) and their count.

    ``whole_sort``: the database sorts every row of the window anyway (no index gives the order),
    so the rows carry the count (``count(*) OVER ()``) and one statement does instead of two.
    """
    query = in_window(query, due_on, window, assigned_to_id)
    if whole_sort:
        rows = db.session.execute(query.add_columns(func.count().over().label("window_total"))
                                  .order_by(due_on, case_id, *then).limit(window.limit)).all()
        return rows, rows[0].window_total if rows else 0
    # Two statements, whatever the number of rows: the page costs the same at any scale.
    rows = db.session.execute(query.order_by(due_on, case_id, *then).limit(window.limit)).all()
    return rows, count_up_to(query, COUNT_LIMIT)


class plus_days(FunctionElement):  # noqa: N801 (an SQL function, named like SQLAlchemy's func.*)
    """The date ``days`` days after a date column, computed by the database (``plus_days(column, 14)``)."""

    type = Date()
    inherit_cache = True

    def __init__(self, column, days):
        # The days are a literal, not a parameter: PostgreSQL adds only an integer to a date.
        super().__init__(column, literal_column(str(int(days))))


@compiles(plus_days)
def _plus_days(element, compiler, **kw):
    column, days = element.clauses
    return f"({compiler.process(column, **kw)} + {compiler.process(days, **kw)})"


@compiles(plus_days, "sqlite")
def _plus_days_sqlite(element, compiler, **kw):
    column, days = element.clauses
    return f"date({compiler.process(column, **kw)}, '+{compiler.process(days, **kw)} days')"
