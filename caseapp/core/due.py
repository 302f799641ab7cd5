"""What a task list asks a task source for (windows of due dates) and how a source answers it in SQL.

The task list asks every source once for all its groups (overdue, today,
this week, later): a source ranks the rows due in the groups' span within
their window in one statement (``due_batches``), and answers each window with
its soonest items, at most ``limit``, and how many it holds. What is due is
open work only (running periods, returns under way), which stays small as
the years of closed cases grow, so ranking it all costs little; the number
of statements is the number of sources, whatever is due.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, and_, case, func, literal_column, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from caseapp.core.pagination import COUNT_LIMIT
from caseapp.extensions import db

EVERY_DAY = ((None, None),)


@dataclass(frozen=True)
class DueWindows:
    """Windows of due dates asked at once (the task list's groups), each answered with a batch of its own.

    ``bounds``: each window's first and last due day (both included; None leaves that end open).
    ``limit``: at most this many items per window. ``worker_id``: only the items of cases assigned to
    that worker (the coordinator's filter).
    """

    bounds: tuple = EVERY_DAY
    limit: int = 100
    worker_id: uuid.UUID | None = None

    def answer(self, items):
        """Each window's batch of ``items`` built in Python: for a source with a handful of items only."""
        mine = [item for item in items if self.worker_id is None or item.assigned_to_id == self.worker_id]
        return [_batch(sorted((item for item in mine if holds(bound, item.due_on)), key=sort_key), self.limit)
                for bound in self.bounds]

    def span(self):
        """The first and last due day of all the windows (None: open)."""
        starts, ends = [start for start, _ in self.bounds], [end for _, end in self.bounds]
        return (None if None in starts else min(starts)), (None if None in ends else max(ends))


def holds(bound, due_on):
    """True when the day ``due_on`` lies within ``bound`` (first and last day, both included; None: open)."""
    start, end = bound
    return (start is None or due_on >= start) and (end is None or due_on <= end)


def _batch(items, limit):
    return DueBatch(items[:limit], min(len(items), COUNT_LIMIT + 1))


@dataclass
class DueBatch:
    """A window's soonest items and how many the window holds (counted up to COUNT_LIMIT + 1)."""

    items: list
    total: int

    @property
    def counted_all(self):
        """False when the window holds more items than were counted."""
        return self.total <= COUNT_LIMIT

    @property
    def limit(self):
        """How far a window's items are counted."""
        return COUNT_LIMIT


def sort_key(item):
    """Soonest first, then by case id: the order the SQL of every source gives too."""
    return item.due_on, str(item.case_id or "")


def merged(batches, limit):
    """One batch of several sources' batches of a window: the ``limit`` soonest items, and the sum of the counts."""
    items = sorted((item for batch in batches for item in batch.items), key=sort_key)
    return DueBatch(items[:limit], min(sum(batch.total for batch in batches), COUNT_LIMIT + 1))


def in_span(query, due_on, windows):
    """``query`` narrowed to the rows due within the windows' span."""
    start, end = windows.span()
    if start is not None:
        query = query.where(due_on >= start)
    if end is not None:
        query = query.where(due_on <= end)
    return query


def in_windows(query, due_on, windows, assigned_to_id):
    """``query`` narrowed to the rows due within the windows' span, the chosen worker's only."""
    query = in_span(query, due_on, windows)
    if windows.worker_id is not None:
        query = query.where(assigned_to_id == windows.worker_id)
    return query


def window_of(due_on, windows):
    """An SQL expression: the index of the window that holds ``due_on`` (NULL when none does)."""
    return case(*[(_bound_holds(due_on, bound), index) for index, bound in enumerate(windows.bounds)], else_=None)


def _bound_holds(due_on, bound):
    start, end = bound
    conditions = [due_on >= start] if start is not None else []
    conditions += [due_on <= end] if end is not None else []
    return and_(*conditions) if conditions else true()


def due_batches(query, due_on, windows, item, *, case_id, assigned_to_id, then=()):
    """Each window's DueBatch: ``item(row)`` of its rows of ``query`` (soonest, then by case and ``then``; at
    most ``limit``) and their count.

    One statement for every window: the rows of the windows' span are numbered and counted within their
    window (``row_number`` and ``count`` over it), and only the first ``limit`` of each come back.
    """
    window = window_of(due_on, windows)
    ranked = (in_windows(query, due_on, windows, assigned_to_id)
              .add_columns(window.label("window_index"),
                           func.row_number().over(partition_by=window, order_by=(due_on, case_id, *then))
                           .label("window_rank"),
                           func.count().over(partition_by=window).label("window_total")).subquery())
    rows = db.session.execute(select(ranked).where(ranked.c.window_index.is_not(None),
                                                   ranked.c.window_rank <= windows.limit)
                              .order_by(ranked.c.window_index, ranked.c.window_rank)).all()
    return [_batch_of_window(rows, index, item) for index in range(len(windows.bounds))]


def _batch_of_window(rows, index, item):
    held = [row for row in rows if row.window_index == index]
    return DueBatch([item(row) for row in held], min(held[0].window_total, COUNT_LIMIT + 1) if held else 0)


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
