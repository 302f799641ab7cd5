"""Shelter pages: the list with free beds, a shelter's own page, and the admin's shelter settings."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.models import Role
from caseapp.auth.roles import MEMBER_ROLES, SHELTER_ADMIN_ROLES
from caseapp.core import submissions
from caseapp.core.audit import record_change, record_view
from caseapp.core.clock import local_today
from caseapp.core.permissions import roles_required
from caseapp.extensions import db
from caseapp.shelters import bp, placements, services
from caseapp.shelters.forms import ShelterForm, StaffForm

SHELTER_PAGE_ROLES = (Role.SHELTER_STAFF, Role.COORDINATOR, Role.ADMIN)


def changed(action, target_id, **detail):
    """Record a change in the audit trail (ids and codes only); the target type is the action's first word."""
    record_change(action, action.split(".")[0], target_id, detail)


def _load(shelter_id):
    shelter = services.get_shelter(current_user.organisation_id, shelter_id)
    if shelter is None:
        abort(404)
    if current_user.role == Role.SHELTER_STAFF and current_user.id not in services.staff_ids(shelter):
        abort(404)
    return shelter


@bp.get("/")
@roles_required(*MEMBER_ROLES)
def index():
    """The organisation's shelters with their free beds today (never an address)."""
    shelters = services.list_shelters(current_user.organisation_id)
    mine = {s.id for s in services.shelters_of(current_user)} if current_user.role == Role.SHELTER_STAFF else None
    return render_template("shelters/index.html", shelters=shelters, mine=mine,
                           free=services.free_beds(shelters, local_today()))


@bp.get("/<uuid:shelter_id>")
@roles_required(*SHELTER_PAGE_ROLES)
def show(shelter_id: uuid.UUID):
    """A shelter's page: who is placed today and the free beds; the address for its staff."""
    shelter = _load(shelter_id)
    today = local_today()
    placed = [] if current_user.role == Role.ADMIN else placements.placed_on(shelter, today)
    if placed:
        record_view("shelter", target_id=shelter.id, person_ids=[p.case.person_id for p in placed])
    return render_template("shelters/show.html", shelter=shelter, placed=placed,
                           free=services.free_beds([shelter], today)[shelter.id])


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*SHELTER_ADMIN_ROLES)
def new():
    """Add a shelter to the admin's organisation."""
    form = ShelterForm()
    if form.validate_on_submit():
        submissions.claim(form.submission.data)
        try:
            shelter = services.create_shelter(current_user.organisation_id, name=form.name.data,
                                              capacity=form.capacity.data, address=form.address.data,
                                              active=form.active.data)
        except services.ShelterError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            changed("shelter.create", shelter.id, capacity=shelter.capacity)
            submissions.resolve(form.submission.data, url_for("shelters.index"))
            db.session.commit()
            flash(_("The shelter is added."), "success")
            return redirect(url_for("shelters.index"))
    return render_template("shelters/form.html", form=form, shelter=None)


@bp.route("/<uuid:shelter_id>/edit", methods=["GET", "POST"])
@roles_required(*SHELTER_ADMIN_ROLES)
def edit(shelter_id: uuid.UUID):
    """Change a shelter's name, beds, address or whether it takes people."""
    shelter = _load(shelter_id)
    form = ShelterForm(obj=shelter if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.update_shelter(shelter, name=form.name.data, capacity=form.capacity.data,
                                    address=form.address.data, active=form.active.data, today=local_today())
        except services.ShelterError as error:
            db.session.rollback()
            form.capacity.errors.append(str(error))
        else:
            changed("shelter.update", shelter.id, capacity=shelter.capacity, active=shelter.active)
            db.session.commit()
            flash(_("The shelter is saved."), "success")
            return redirect(url_for("shelters.show", shelter_id=shelter.id))
    return render_template("shelters/form.html", form=form, shelter=shelter)


@bp.route("/<uuid:shelter_id>/staff", methods=["GET", "POST"])
@roles_required(*SHELTER_ADMIN_ROLES)
def staff(shelter_id: uuid.UUID):
    """Choose which shelter staff work in the shelter."""
    shelter = _load(shelter_id)
    form = StaffForm()
    form.set_users(services.shelter_staff_users(current_user.organisation_id))
    if request.method == "GET":
        form.staff.data = [str(user_id) for user_id in services.staff_ids(shelter)]
    if form.validate_on_submit():
        added, removed = services.assign_staff(shelter, [uuid.UUID(value) for value in form.staff.data])
        changed("shelter.staff", shelter.id, added=[str(i) for i in added], removed=[str(i) for i in removed])
        db.session.commit()
        flash(_("The shelter's staff are saved."), "success")
        return redirect(url_for("shelters.show", shelter_id=shelter.id))
    return render_template("shelters/staff.html", form=form, shelter=shelter)
