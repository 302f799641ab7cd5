"""Which page of a list a request asks for, and one page of a long list without counting all of it."""

from dataclasses import dataclass

from flask import request
from sqlalchemy import func, select

from caseapp.extensions import db

# Far beyond any list this application keeps (50 million rows at 50 a page), and small enough that
# the row offset fits the 64-bit integers SQLite and PostgreSQL take (a larger one failed with a 500).
LAST_PAGE = 1_000_000
# Counting every row of a national-scale list costs more than showing a page of it (half a million
# contacts: 30 ms on SQLite, 100 ms on PostgreSQL), so a long list stops counting here and says "more than".
COUNT_LIMIT = 10_000


@dataclass
class Page:
    """The rows of one page, the rows counted (at most ``limit + 1``) and whether an older page exists."""

    items: list
    total: int
    has_next: bool
    limit: int

    @property
    def counted_all(self):
        """False when the list holds more rows than were counted."""
        return self.total <= self.limit


def requested_page():
    """The page number in ``?page=N``: 1 when it is missing, not a number, below 1 or beyond LAST_PAGE."""
    page = request.args.get("page", 1, type=int)
    return page if 1 <= page <= LAST_PAGE else 1


def count_up_to(query, limit):
    """The number of rows ``query`` selects, counting no further than ``limit + 1``."""
    return db.session.scalar(select(func.count()).select_from(query.limit(limit + 1).subquery()))


def page_of(query, count_query, page, per_page, fetch=None):
    """Page ``page`` of the ordered ``query``; ``count_query`` is the same rows unordered, for the count.

    ``fetch`` runs the page's query: ``db.session.scalars`` (one entity a row) unless given.
    """
    rows = (fetch or db.session.scalars)(query.limit(per_page + 1).offset((page - 1) * per_page)).all()
    return Page(rows[:per_page], count_up_to(count_query, COUNT_LIMIT), len(rows) > per_page, COUNT_LIMIT)
