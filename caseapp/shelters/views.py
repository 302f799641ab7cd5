"""Shelter pages, for the users of the organisation that runs them."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.roles import MEMBER_ROLES, SHELTER_ADMIN_ROLES
from caseapp.core.audit import record_change
from caseapp.core.permissions import roles_required
from caseapp.extensions import db
from caseapp.shelters import bp, services
from caseapp.shelters.forms import ShelterForm


@bp.get("/")
@roles_required(*MEMBER_ROLES)
def index():
    """List the organisation's shelters."""
    return render_template("shelters/index.html", shelters=services.list_shelters(current_user.organisation_id))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*SHELTER_ADMIN_ROLES)
def new():
    """Add a shelter to the admin's organisation."""
    form = ShelterForm()
    if form.validate_on_submit():
        try:
            shelter = services.create_shelter(current_user.organisation_id, name=form.name.data,
                                              capacity=form.capacity.data)
        except services.ShelterError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            record_change("shelter.create", "shelter", shelter.id)
            db.session.commit()
            flash(_("The shelter is added."), "success")
            return redirect(url_for("shelters.index"))
    return render_template("shelters/new.html", form=form)
