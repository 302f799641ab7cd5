"""Placing a case in a shelter and ending the stay; each form keeps what was typed when it is refused."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.cases.services import get_case
from caseapp.core.concurrency import StaleEditError
from caseapp.core.clock import local_today
from caseapp.core.flashes import flash_done
from caseapp.core.permissions import roles_required
from caseapp.core.registry import part_anchor
from caseapp.core.scopes import allowed
from caseapp.extensions import db
from caseapp.shelters import bp, placements, services
from caseapp.shelters.forms import EndPlacementForm, PlacementForm
from caseapp.shelters.presenters import PLACING_ROLES
from caseapp.shelters.views import changed



def _case(case_id):
    case = get_case(current_user.organisation_id, case_id)
    if case is None or not allowed(current_user, "cases", case.id):
        abort(404)
    return case


@bp.route("/cases/<uuid:case_id>/place", methods=["GET", "POST"])
@roles_required(*PLACING_ROLES)
def place(case_id: uuid.UUID):
    """Place the case in one of the user's shelters."""
    case = _case(case_id)
    shelters = services.shelters_of(current_user)
    form = PlacementForm()
    form.set_shelters(shelters, services.free_beds(shelters, local_today()))
    if request.method == "GET":
        form.starts_on.data = local_today()
    if form.validate_on_submit():
        shelter = next((s for s in shelters if str(s.id) == form.shelter.data), None) or abort(400)
        try:
            placement = placements.place(case, current_user, shelter=shelter, starts_on=form.starts_on.data,
                                         ends_on=form.ends_on.data,
                                         over_capacity_reason=form.override_reason.data if form.override.data else None)
        except placements.PlacementError as error:
            db.session.rollback()
            field = form.override if isinstance(error, placements.OverCapacity) else form.starts_on
            field.errors = [*field.errors, str(error)]
        else:
            changed("placement.create", placement.id, case_id=str(case.id), shelter_id=str(shelter.id),
                    over_capacity=placement.over_capacity_reason is not None)
            db.session.commit()
            flash_done(_("The person is placed."), _("End the placement here when the person moves out."))
            return redirect(url_for("cases.show", case_id=case.id, _anchor=part_anchor("shelters")))
    return render_template("shelters/place.html", form=form, case=case, shelters=shelters)


@bp.route("/placements/<uuid:placement_id>/end", methods=["GET", "POST"])
@roles_required(*PLACING_ROLES)
def end(placement_id: uuid.UUID):
    """End a placement: the date the person left and why."""
    placement = placements.get_placement(current_user.organisation_id, placement_id) or abort(404)
    case = _case(placement.case_id)
    form = EndPlacementForm()
    if request.method == "GET":
        form.ends_on.data, form.version.data = local_today(), str(placement.version)
    if form.validate_on_submit():
        try:
            placements.end_placement(placement, case, current_user, ends_on=form.ends_on.data,
                                     reason=form.reason.data, version=form.version.data)
        except (placements.PlacementError, StaleEditError) as error:
            db.session.rollback()
            form.ends_on.errors = [*form.ends_on.errors, str(getattr(error, "message", error))]
        else:
            changed("placement.end", placement.id, case_id=str(case.id), reason=str(placement.end_reason))
            db.session.commit()
            flash(_("The placement is ended."), "success")
            return redirect(url_for("cases.show", case_id=case.id, _anchor=part_anchor("shelters")))
    return render_template("shelters/end.html", form=form, case=case, placement=placement)
