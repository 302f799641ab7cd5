"""Error pages in the user's language that never echo request data."""

from flask import render_template
from flask_babel import gettext as _

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have access to this page.",
    404: "The page was not found.",
    405: "This action is not allowed here.",
    500: "Something went wrong. The error has been logged without personal data.",
}


def _handler(code):
    def handle(_error):
        return render_template("core/error.html", code=code, message=_(MESSAGES[code])), code

    return handle


def init_app(app):
    """Register a handler for each common HTTP error."""
    for code in MESSAGES:
        app.register_error_handler(code, _handler(code))
