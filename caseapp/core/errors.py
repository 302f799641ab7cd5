"""Error pages in the user's language that never echo request data, and never fail themselves.

An unexpected error may have left the database session broken (a failed
flush, a lost connection), so the error path touches neither the database
nor anything loaded from it: the page is drawn without the signed-in menu,
in the language already chosen for the request (else the browser's), and a
static page stands in if even that fails. Every such page carries an error
reference that is also logged with the exception.
"""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

from caseapp.core import replay
from caseapp.core.request_id import current_request_id
from caseapp.core.security import set_security_headers
from caseapp.core.signals import access_refused
from caseapp.core.submissions import RepeatedSubmission
from caseapp.extensions import db

# Refusals the audit trail records: a 404 may be a probe for another organisation's record.
REFUSALS = (403, 404)
# Set on g while an error page is drawn: the layout and the locale then leave the database alone.
ERROR_PAGE = "error_page"
# Failures worth trying again: a busy or unreachable database, an exhausted connection pool.
TRANSIENT = (OperationalError, PoolTimeoutError)

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("The page was not found."),
    405: _l("This action is not allowed here."),
    429: _l("Too many attempts. Wait a minute and try again."),
    500: _l("Something went wrong. The error has been logged without personal data."),
    503: _l("The system is busy right now. Nothing was saved. Wait a moment and try again."),
}

FALLBACK_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>{code}</title></head>
<body><h1>Der opstod en fejl. / Something went wrong.</h1>
<p>Fejlreference / Error reference: {reference}</p><p><a href="/">caseapp</a></p></body></html>
"""


def _handler(code):
    def handle(_error):
        if code in REFUSALS and current_user.is_authenticated:
            access_refused.send(current_app._get_current_object(), user_id=current_user.id,
                                endpoint=request.endpoint, status=code)
        return render_template("core/error.html", code=code, message=MESSAGES[code]), code

    return handle


def unexpected(error):
    """Any error no other handler took: log it with a reference, answer with a page that cannot fail."""
    if isinstance(error, HTTPException) and error.code and error.code < 500:
        return _http_error(error)
    original = getattr(error, "original_exception", None) or error
    if isinstance(original, TRANSIENT):
        return transient(original)
    reference = current_request_id()
    current_app.logger.error("unexpected error, reference %s", reference, exc_info=original)
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    return error_page(code, reference)


def transient(error):
    """The database was busy or unreachable: give the form back as typed, else a 'try again' page."""
    reference = current_request_id()
    current_app.logger.warning("database busy or unreachable, reference %s: %s", reference,
                               type(error).__name__)
    discard_session()
    return replay.form_again() or error_page(503, reference)


def repeated_submission(error):
    """A creating form sent a second time: nothing more is saved; show what the first sending saved."""
    db.session.rollback()
    flash(_("This form was sent already, so nothing was saved a second time. "
            "This is what the first sending saved."), "info")
    return redirect(error.path or url_for("core.index"))


def _http_error(error):
    """An HTTP error without a handler of its own (e.g. 413): the generic page with its status."""
    message = MESSAGES.get(error.code, MESSAGES[400])
    return render_template("core/error.html", code=error.code, message=message), error.code


def discard_session():
    """Roll the request's database session back; a broken connection must not break the error page too."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the error page must be drawn whatever state the session is in
        current_app.logger.warning("could not roll back after an error, reference %s", current_request_id())


def error_page(code, reference):
    """The error page for ``code``, drawn without the database, with the security headers set here."""
    g.setdefault(ERROR_PAGE, True)
    discard_session()
    try:
        body = render_template("core/error.html", code=code, message=MESSAGES.get(code, MESSAGES[500]),
                               reference=reference)
    except Exception:  # noqa: BLE001 - a template or catalog failure gets the static page
        current_app.logger.exception("error page failed, reference %s", reference)
        body = FALLBACK_PAGE.format(code=code, reference=reference)
    response = current_app.make_response((body, code))
    # After-request hooks may be skipped when an earlier one fails on an error response.
    return set_security_headers(response)


def init_app(app):
    """Register a handler for each common HTTP error and one for every unexpected error."""
    for code in MESSAGES:
        if code < 500:
            app.register_error_handler(code, _handler(code))
    app.register_error_handler(RepeatedSubmission, repeated_submission)
    app.register_error_handler(500, unexpected)
    app.register_error_handler(Exception, unexpected)
