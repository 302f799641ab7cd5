"""Error pages in the user's language that never echo request data."""

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseapp.core.signals import access_refused

# Refusals the audit trail records: a 404 may be a probe for another organisation's record.
REFUSALS = (403, 404)

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("The page was not found."),
    405: _l("This action is not allowed here."),
    429: _l("Too many attempts. Wait a minute and try again."),
    500: _l("Something went wrong. The error has been logged without personal data."),
}


def _handler(code):
    def handle(_error):
        if code in REFUSALS and current_user.is_authenticated:
            access_refused.send(current_app._get_current_object(), user_id=current_user.id,
                                endpoint=request.endpoint, status=code)
        return render_template("core/error.html", code=code, message=MESSAGES[code]), code

    return handle


def init_app(app):
    """Register a handler for each common HTTP error."""
    for code in MESSAGES:
        app.register_error_handler(code, _handler(code))
