"""Structured logs: one JSON object per line with the request id, user id and organisation id.

Nothing from the request but its method and path is logged (never the query
string, a form field or a header), and an exception is logged by its type
and stack frames without its message, because messages may quote input.
"""

import logging
import time
import traceback

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import inspect

from caseapp.core.request_id import current_request_id

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = ["asctime", "levelname", "name", "message", "request_id", "user_id", "organisation_id"]


class RequestContextFilter(logging.Filter):
    """Add request_id, user_id and organisation_id (None outside a request or when signed out)."""

    def filter(self, record):
        record.request_id = current_request_id()
        record.user_id, record.organisation_id = _user_ids()
        return True


def _user_ids():
    """Ids of the signed-in user, read without loading anything from the database."""
    if not has_request_context():
        return None, None
    if "log_user_ids" in g:
        return g.log_user_ids
    user = g.get("_login_user")  # Flask-Login's loaded user; None until something asked for it
    state = inspect(user, raiseerr=False) if user is not None else None
    if state is None or state.identity is None:
        return None, None
    organisation_id = state.dict.get("organisation_id")
    ids = (str(state.identity[0]), None if organisation_id is None else str(organisation_id))
    if "organisation_id" in state.dict:
        g.log_user_ids = ids
    return ids


def format_exception_without_messages(exc_info):
    """The traceback's frames and exception types, with every exception message left out."""
    exception = exc_info[1]
    lines = []
    while exception is not None:
        frames = traceback.extract_tb(exception.__traceback__)
        lines[:0] = [f"{type(exception).__module__}.{type(exception).__qualname__}"] + [
            f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}' for frame in frames]
        exception = exception.__cause__ or exception.__context__
    return "\n".join(lines)


class PrivateJsonFormatter(JsonFormatter):
    """JSON lines whose exceptions carry no message."""

    def formatException(self, ei):  # noqa: N802  (logging's name)
        """Types and frames only."""
        return format_exception_without_messages(ei)


class PrivateTextFormatter(logging.Formatter):
    """Readable lines for a terminal, with the same rule for exceptions."""

    def formatException(self, ei):  # noqa: N802
        """Types and frames only."""
        return format_exception_without_messages(ei)


def make_handler(log_format):
    """A stderr handler in ``log_format`` ("json" or "text") with the request fields."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(PrivateJsonFormatter(JSON_FIELDS, rename_fields={"asctime": "time",
                                                                              "levelname": "level"}))
    else:
        handler.setFormatter(PrivateTextFormatter(TEXT_FORMAT))
    handler.addFilter(RequestContextFilter())
    return handler


def _start_timer():
    g.request_started = time.perf_counter()


def _log_request(response):
    """One line per request (method, path without query string, status, duration); the id as a header.

    Views that set ``g.quiet_log`` (the probes) are left out of the log.
    """
    response.headers["X-Request-Id"] = current_request_id()
    if g.get("quiet_log"):
        return response
    elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
    logging.getLogger("caseapp.request").info(
        "%s %s %s", request.method, request.path, response.status_code,
        extra={"method": request.method, "path": request.path, "status": response.status_code,
               "duration_ms": round(elapsed * 1000, 1)})
    return response


def init_app(app: Flask):
    """Send the app's logs through one handler in the configured format and log every request."""
    logger = app.logger
    logger.removeHandler(default_handler)
    for handler in [h for h in logger.handlers if getattr(h, "caseapp", False)]:
        logger.removeHandler(handler)
    handler = make_handler(app.config["LOG_FORMAT"])
    handler.caseapp = True
    logger.addHandler(handler)
    logger.setLevel(app.config["LOG_LEVEL"])
    app.before_request(_start_timer)
    app.after_request(_log_request)
