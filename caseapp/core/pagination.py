"""Which page of a list a request asks for."""

from flask import request


def requested_page():
    """The page number in ``?page=N``: 1 when it is missing, not a number or below 1."""
    return max(request.args.get("page", 1, type=int), 1)
