"""Which page of a list a request asks for."""

from flask import request

# Far beyond any list this application keeps (50 million rows at 50 a page), and small enough that
# the row offset fits the 64-bit integers SQLite and PostgreSQL take (a larger one failed with a 500).
LAST_PAGE = 1_000_000


def requested_page():
    """The page number in ``?page=N``: 1 when it is missing, not a number, below 1 or beyond LAST_PAGE."""
    page = request.args.get("page", 1, type=int)
    return page if 1 <= page <= LAST_PAGE else 1
