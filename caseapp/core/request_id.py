"""A random id per request: it ties an error page's reference to its log line."""

import uuid

from flask import g, has_request_context


def current_request_id():
    """This request's id (made on first use), or None outside a request."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = uuid.uuid4().hex[:12]
    return g.request_id
