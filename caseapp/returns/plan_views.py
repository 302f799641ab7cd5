"""Pages that change a return's plan items and follow-ups."""

import uuid

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.core import submissions
from caseapp.core.audit import record_view
from caseapp.core.permissions import roles_required
from caseapp.extensions import db
from caseapp.returns import bp, plan, services
from caseapp.returns.followups import record_follow_up
from caseapp.returns.models import FollowUp
from caseapp.returns.page import follow_up_form, item_form, page_forms, render_return
from caseapp.returns.views import REFUSALS, changed, load, message


@bp.post("/<uuid:return_id>/items")
@roles_required(*CASE_WORKER_ROLES)
def add_item(return_id: uuid.UUID):
    """Add an item to the reintegration plan."""
    prepared = load(return_id)
    forms = page_forms(prepared)
    form = forms["item"]
    if form.validate_on_submit():
        submissions.claim(form.submission.data)
        item = plan.add_item(prepared, current_user, form.kind.data, form.note.data)
        submissions.resolve(form.submission.data, url_for("returns.show", return_id=return_id))
        changed(prepared, "return.plan_item", item_id=str(item.id), status=str(item.status))
        flash(_("The item is added to the plan."), "success")
        return redirect(url_for("returns.show", return_id=return_id))
    return render_return(prepared, forms, status=400)


@bp.post("/items/<uuid:plan_item_id>")
@roles_required(*CASE_WORKER_ROLES)
def edit_item(plan_item_id: uuid.UUID):
    """Change a plan item's status and note."""
    item = plan.get_item(current_user, plan_item_id, services.get_return) or abort(404)
    prepared, form = item.prepared_return, item_form(item, posted=True)
    if form.validate_on_submit():
        try:
            plan.update_item(item, current_user, form.version.data, status=form.status.data, note=form.note.data)
        except REFUSALS as error:
            db.session.rollback()
            form.status.errors = [*form.status.errors, message(error)]
        else:
            changed(prepared, "return.plan_item", item_id=str(item.id), status=str(item.status))
            flash(_("The plan is saved."), "success")
            return redirect(url_for("returns.show", return_id=prepared.id))
    prepared = load(item.return_id)
    return render_return(prepared, page_forms(prepared), 400, item_forms={plan_item_id: form})


@bp.route("/follow-ups/<uuid:follow_up_id>", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def record(follow_up_id: uuid.UUID):
    """The return page at one follow-up (the task list links here); records the contact."""
    follow_up = _follow_up(follow_up_id)
    prepared, form = follow_up.prepared_return, follow_up_form(follow_up, posted=request.method == "POST")
    if request.method == "GET":
        record_view("return", person_id=prepared.case.person_id, target_id=prepared.id)
        return render_return(prepared, page_forms(prepared))
    if form.validate_on_submit():
        try:
            record_follow_up(follow_up, current_user, form.version.data, done_on=form.done_on.data,
                             channel=form.channel.data, outcome=form.outcome.data, note=form.note.data)
        except REFUSALS as error:
            db.session.rollback()
            form.done_on.errors = [*form.done_on.errors, message(error)]
        else:
            changed(prepared, "return.follow_up", follow_up_id=str(follow_up.id), outcome=str(follow_up.outcome))
            flash(_("The follow-up is recorded."), "success")
            return redirect(url_for("returns.show", return_id=prepared.id))
    prepared = load(follow_up.return_id)
    return render_return(prepared, page_forms(prepared), 400, follow_up_forms={follow_up_id: form})


def _follow_up(follow_up_id):
    follow_up = db.session.scalar(select(FollowUp).where(FollowUp.id == follow_up_id)) or abort(404)
    load(follow_up.return_id)
    return follow_up
