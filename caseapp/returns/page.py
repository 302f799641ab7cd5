"""The return page: its forms, each with its own prefix so one posted form never fills another."""

from flask import render_template, request

from caseapp.cases.lifecycle import CaseStatus
from caseapp.core.clock import local_today
from caseapp.returns.followups import next_open, unreached_streak
from caseapp.returns.forms import (CancelForm, CloseForm, FollowUpForm, PackForm, PlanItemEditForm, PlanItemForm,
                                   StepForm)
from caseapp.returns.models import ReturnStatus
from caseapp.returns.services import NEXT, OPEN, can_close


def page_forms(prepared):
    """The page's own forms; on a GET they carry the current versions."""
    forms = {"step": StepForm(prefix="step"), "cancel": CancelForm(prefix="cancel"),
             "close": CloseForm(prefix="close"), "pack": PackForm(prefix="pack"), "item": PlanItemForm(prefix="item")}
    forms["pack"].set_fields(prepared.consented_codes)
    if request.method == "GET":
        forms["pack"].fields.data = list(prepared.consented_codes)
        for name in ("step", "cancel"):
            forms[name].version.data = str(prepared.version)
        forms["close"].version.data = str(prepared.case.version)
    return forms


def item_form(item, posted=False):
    """The edit form of one plan item (filled from the item unless it was posted)."""
    form = PlanItemEditForm(prefix=f"i{item.id.hex}", formdata=None if not posted else request.form)
    if not posted:
        form.version.data, form.status.data, form.note.data = str(item.version), str(item.status), item.note
    return form


def follow_up_form(follow_up, posted=False):
    """The recording form of one follow-up."""
    form = FollowUpForm(prefix=f"f{follow_up.id.hex}", formdata=None if not posted else request.form)
    if not posted:
        form.version.data, form.done_on.data = str(follow_up.version), local_today()
    return form


def render_return(prepared, forms, status=200, item_forms=None, follow_up_forms=None):
    """The page, with the given forms (posted ones keep their values and errors)."""
    items = {item.id: (item_forms or {}).get(item.id) or item_form(item) for item in prepared.items}
    follow_ups = {f.id: (follow_up_forms or {}).get(f.id) or follow_up_form(f)
                  for f in prepared.follow_ups if not f.done}
    context = {"prepared": prepared, "case": prepared.case, "forms": forms, "item_forms": items,
               "follow_up_forms": follow_ups, "next_status": NEXT.get(prepared.status),
               "cancellable": prepared.status in OPEN, "can_close": can_close(prepared),
               "in_follow_up": _in_follow_up(prepared),
               "next_follow_up": next_open(prepared), "streak": unreached_streak(prepared)}
    return render_template("returns/show.html", **context), status


def _in_follow_up(prepared):
    return prepared.status == ReturnStatus.DEPARTED and prepared.case.status == CaseStatus.FOLLOW_UP
