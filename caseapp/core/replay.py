"""Giving a form back as it was typed when saving it failed for a passing reason (a busy database).

The failed request's view is run again on the same submission while every
form refuses to validate and the session refuses to write: the view then
draws its page exactly as after a validation error, with everything the
user typed, and a notice asks them to send it again. A view that cannot
draw its page that way (a one-button action, a redirect) gets the generic
"try again" page instead.
"""

from flask import current_app, flash, g, has_request_context, request, session
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

REPLAYING = "replaying_submission"


class WriteWhileReplaying(RuntimeError):
    """A view tried to save while its failed submission was being shown again."""


def replaying():
    """True while a failed submission is being shown again: forms refuse to validate, nothing is saved."""
    return has_request_context() and bool(g.get(REPLAYING))


def form_again():
    """The failed POST's page drawn again from the submitted form, with a notice; None when it cannot be."""
    view = current_app.view_functions.get(request.endpoint)
    if request.method != "POST" or view is None or replaying():
        return None
    notice = _("Nothing was saved: too many changes were being saved at the same moment. "
               "What you typed is still here. Check it and send it again.")
    flash(notice, "error")
    setattr(g, REPLAYING, True)
    try:
        response = current_app.make_response(view(**(request.view_args or {})))
    except Exception:  # noqa: BLE001 - any failure here falls back to the generic page
        current_app.logger.warning("could not show the submitted form again", exc_info=True)
        response = None
    finally:
        g.pop(REPLAYING, None)
    if response is not None and response.status_code == 200:
        return response
    _unflash(notice)
    return None


def _unflash(message):
    """Take back a notice that no page showed."""
    flashes = session.get("_flashes", [])
    if ("error", message) in flashes:
        flashes.remove(("error", message))
        session.modified = True


def _refuse_writes(_session, *_args):
    if replaying():
        raise WriteWhileReplaying("nothing may be saved while a failed submission is shown again")


def init_app(_app):
    """Make every session refuse to flush or commit while a submission is replayed."""
    for name in ("before_flush", "before_commit"):
        if not event.contains(Session, name, _refuse_writes):
            event.listen(Session, name, _refuse_writes)
