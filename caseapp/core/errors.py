"""Error pages in the user's language that never echo request data."""

from flask import render_template
from flask_babel import lazy_gettext as _l

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("The page was not found."),
    405: _l("This action is not allowed here."),
    500: _l("Something went wrong. The error has been logged without personal data."),
}


def _handler(code):
    def handle(_error):
        return render_template("core/error.html", code=code, message=MESSAGES[code]), code

    return handle


def init_app(app):
    """Register a handler for each common HTTP error."""
    for code in MESSAGES:
        app.register_error_handler(code, _handler(code))
