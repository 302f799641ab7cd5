"""Referral pages: the worker's request, the receiver's inbox and answer."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.models import Role
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.services import CaseError, get_case
from caseapp.core.audit import record_change, record_view
from caseapp.core.concurrency import StaleEditError
from caseapp.core.flashes import flash_done
from caseapp.core.permissions import roles_required
from caseapp.core.registry import part_anchor
from caseapp.extensions import db
from caseapp.referrals import bp, services
from caseapp.referrals.forms import AnswerForm, ReferralForm
from caseapp.referrals.models import COARSE_FIELDS, ReferralStatus, SharedField

RECEIVING_ROLES = (Role.SHELTER_STAFF, Role.COORDINATOR)
REFUSALS = (services.ReferralError, CaseError, StaleEditError)


def _message(error):
    return str(getattr(error, "message", error))


@bp.route("/cases/<uuid:case_id>/new", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def new(case_id: uuid.UUID):
    """Refer the case to another organisation's shelter service, choosing the fields to share."""
    case = get_case(current_user.organisation_id, case_id) or abort(404)
    operators = services.shelter_operators(current_user.organisation_id)
    form = ReferralForm()
    form.set_organisations(operators)
    if request.method == "GET":
        form.fields.data = list(SharedField)
    if form.validate_on_submit():
        target = next((o for o in operators if str(o.id) == form.to_organisation.data), None) or abort(400)
        try:
            referral = services.request_referral(case, current_user, target, form.fields.data)
        except REFUSALS as error:
            db.session.rollback()
            form.to_organisation.errors = [*form.to_organisation.errors, _message(error)]
        else:
            record_change("referral.request", "referral", referral.id,
                          {"case_id": str(case.id), "to_organisation_id": str(target.id), "fields": referral.fields})
            db.session.commit()
            flash_done(_("The referral is sent."), _("Its status shows here when the shelter operator answers."))
            return redirect(url_for("cases.show", case_id=case.id, _anchor=part_anchor("referrals")))
    return render_template("referrals/new.html", form=form, case=case, operators=operators)


@bp.get("/")
@roles_required(*RECEIVING_ROLES)
def index():
    """Referrals to the user's organisation."""
    return render_template("referrals/index.html", referrals=services.inbox(current_user.organisation_id))


@bp.route("/<uuid:referral_id>", methods=["GET", "POST"])
@roles_required(*RECEIVING_ROLES)
def show(referral_id: uuid.UUID):
    """A referral to the organisation: the shared fields' names and coarse values; accept or decline."""
    referral = services.get_incoming(current_user.organisation_id, referral_id) or abort(404)
    form = AnswerForm()
    if request.method == "GET":
        form.version.data = str(referral.version)
        if referral.payload is not None:
            record_view("referral", target_id=referral.id)
    if form.validate_on_submit():
        response = _answer(referral, form)
        if response is not None:
            return response
    return render_template("referrals/show.html", referral=referral, form=form, labels=SharedField,
                           coarse=services.coarse_values(referral), coarse_fields=COARSE_FIELDS,
                           requested=referral.status == ReferralStatus.REQUESTED)


def _answer(referral, form):
    try:
        if form.accept.data:
            case = services.accept(referral, current_user, form.version.data)
        else:
            services.decline(referral, current_user, form.reason.data, form.version.data)
    except REFUSALS as error:
        db.session.rollback()
        form.reason.errors = [*form.reason.errors, _message(error)]
        return None
    record_change(f"referral.{referral.status}", "referral", referral.id,
                  {"from_organisation_id": str(referral.from_organisation_id),
                   "to_case_id": str(referral.to_case_id) if referral.to_case_id else None})
    db.session.commit()
    if form.accept.data:
        flash_done(_("The referral is accepted: the person and case are now in your organisation."),
                   _("Next, place the person in one of your shelters."))
        return redirect(url_for("cases.show", case_id=case.id))
    flash(_("The referral is declined."), "success")
    return redirect(url_for("referrals.index"))
