"""Prepared-return pages: the referral, the return page with its steps, pack, plan and follow-ups."""

import io
import uuid

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.services import CaseError, get_case
from caseapp.core import submissions
from caseapp.core.audit import record_change, record_view
from caseapp.core.concurrency import StaleEditError
from caseapp.core.flashes import flash_done
from caseapp.core.permissions import roles_required
from caseapp.core.registry import part_anchor
from caseapp.extensions import db
from caseapp.returns import bp, services
from caseapp.returns.followups import FollowUpError
from caseapp.returns.forms import ReferForm
from caseapp.returns.models import PackField
from caseapp.returns.organisations import list_return_organisations
from caseapp.returns.pack import make_pack, pack_fields
from caseapp.returns.page import page_forms, render_return

REFUSALS = (services.ReturnError, FollowUpError, CaseError, StaleEditError)


def message(error):
    """The user-facing text of a refusal."""
    return str(getattr(error, "message", error))


def changed(prepared, action, **detail):
    """Audit a change of the return (ids and codes only) and commit it with the change."""
    record_change(action, "return", prepared.id, {"case_id": str(prepared.case_id), **detail})
    db.session.commit()


def load(return_id):
    """The return the signed-in user may see, or 404."""
    return services.get_return(current_user, return_id) or abort(404)


@bp.route("/cases/<uuid:case_id>/new", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def new(case_id: uuid.UUID):
    """Refer the case to a return organisation (needs the consent to share with it)."""
    case = get_case(current_user.organisation_id, case_id) or abort(404)
    organisations = list_return_organisations(active_only=True)
    form = ReferForm()
    form.set_choices(organisations)
    if request.method == "GET":
        form.fields.data = list(PackField)
    if form.validate_on_submit():
        submissions.claim(form.submission.data)
        target = next((o for o in organisations if str(o.id) == form.return_organisation.data), None) or abort(400)
        try:
            prepared = services.refer(case, current_user, target, fields=form.fields.data,
                                      country=form.country.data, region=form.region.data)
        except REFUSALS as error:
            db.session.rollback()
            form.return_organisation.errors = [*form.return_organisation.errors, message(error)]
        else:
            submissions.resolve(form.submission.data, url_for("returns.show", return_id=prepared.id))
            changed(prepared, "return.refer", return_organisation_id=str(target.id))
            flash_done(_("The case is referred to the return organisation."),
                       _("Next, send them the referral pack below."))
            return redirect(url_for("returns.show", return_id=prepared.id))
    return render_template("returns/new.html", form=form, case=case, organisations=organisations)


@bp.get("/<uuid:return_id>")
@roles_required(*CASE_WORKER_ROLES)
def show(return_id: uuid.UUID):
    """The return: status, destination, steps, the pack, the plan and the follow-ups."""
    prepared = load(return_id)
    record_view("return", person_id=prepared.case.person_id, target_id=prepared.id)
    return render_return(prepared, page_forms(prepared))


@bp.post("/<uuid:return_id>/step")
@roles_required(*CASE_WORKER_ROLES)
def step(return_id: uuid.UUID):
    """Take the return's next step."""
    prepared = load(return_id)
    forms = page_forms(prepared)
    form, target = forms["step"], services.NEXT.get(prepared.status)
    if target is not None and form.validate_on_submit():
        try:
            services.advance(prepared, current_user, target, form.version.data, on=form.on.data,
                             months=current_app.config["REINTEGRATION_MONTHS"])
        except REFUSALS as error:
            db.session.rollback()
            form.on.errors = [*form.on.errors, message(error)]
        else:
            changed(prepared, f"return.{target}")
            flash(_("The return is now “%(status)s”.", status=target.label), "success")
            return redirect(url_for("returns.show", return_id=return_id))
    return render_return(load(return_id), forms, status=400)


@bp.post("/<uuid:return_id>/cancel")
@roles_required(*CASE_WORKER_ROLES)
def cancel(return_id: uuid.UUID):
    """Cancel the return, with a reason."""
    prepared = load(return_id)
    forms = page_forms(prepared)
    form = forms["cancel"]
    if form.validate_on_submit():
        try:
            services.cancel(prepared, current_user, form.reason.data, form.version.data)
        except REFUSALS as error:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, message(error)]
        else:
            changed(prepared, "return.cancelled")
            flash(_("The return is cancelled."), "success")
            return redirect(url_for("returns.show", return_id=return_id))
    return render_return(load(return_id), forms, status=400)


@bp.post("/<uuid:return_id>/close")
@roles_required(*CASE_WORKER_ROLES)
def close(return_id: uuid.UUID):
    """Close the case as returned home once the last follow-up is recorded."""
    prepared = load(return_id)
    forms = page_forms(prepared)
    form = forms["close"]
    if form.validate_on_submit():
        try:
            services.close_returned(prepared, current_user, form.version.data)
        except REFUSALS as error:
            db.session.rollback()
            form.version.errors = [*form.version.errors, message(error)]
        else:
            changed(prepared, "return.closed")
            flash(_("The case is closed: returned home."), "success")
            return redirect(url_for("cases.show", case_id=prepared.case_id, _anchor=part_anchor("returns")))
    return render_return(load(return_id), forms, status=400)


@bp.post("/<uuid:return_id>/pack")
@roles_required(*CASE_WORKER_ROLES)
def pack(return_id: uuid.UUID):
    """The referral pack as a PDF, made in memory and never stored; its making is audited."""
    prepared = load(return_id)
    forms = page_forms(prepared)
    form = forms["pack"]
    if form.validate_on_submit():
        try:
            filename, content = make_pack(prepared, form.fields.data)
        except REFUSALS as error:
            db.session.rollback()
            form.fields.errors = [*form.fields.errors, message(error)]
        else:
            # A change entry, not a queued view: it names the fields that left, in the response's own commit.
            changed(prepared, "return.pack", person_id=str(prepared.case.person_id),
                    fields=",".join(pack_fields(prepared, form.fields.data)))
            response = send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True,
                                 download_name=filename, max_age=0)
            response.headers["Cache-Control"] = "no-store"
            return response
    return render_return(load(return_id), forms, status=400)
