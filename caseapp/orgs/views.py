"""Organisation pages for the system administrator."""

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from caseapp.admin.services import add_user
from caseapp.auth.models import Role
from caseapp.auth.services import AccountError
from caseapp.core.permissions import roles_required
from caseapp.core.audit import record_change
from caseapp.extensions import db
from caseapp.orgs import bp, services
from caseapp.orgs.forms import OrganisationAdminForm, OrganisationForm


def changed(action, organisation, target_type, target_id, **detail):
    """Tell the audit trail about a change, in the organisation's own trail (codes and ids only)."""
    record_change(action, target_type, target_id, detail, organisation_id=organisation.id)


@bp.get("/")
@roles_required(Role.SYSADMIN)
def index():
    """List organisations."""
    return render_template("orgs/index.html", organisations=services.list_organisations())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.SYSADMIN)
def new():
    """Create an organisation."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(name=form.name.data, kind=form.kind.data)
        except services.OrganisationError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            changed("organisation.create", organisation, "organisation", organisation.id,
                    kind=str(organisation.kind))
            db.session.commit()
            flash(_("The organisation is created."), "success")
            return redirect(url_for("orgs.index"))
    return render_template("orgs/new.html", form=form)


@bp.route("/<uuid:organisation_id>/admins/new", methods=["GET", "POST"])
@roles_required(Role.SYSADMIN)
def new_admin(organisation_id: uuid.UUID):
    """Create an admin for an organisation; the temporary password is shown once."""
    organisation = services.get_organisation(organisation_id) or abort(404)
    form = OrganisationAdminForm()
    if form.validate_on_submit():
        try:
            user, password = add_user(
                organisation, email=form.email.data, display_name=form.display_name.data,
                role=Role.ADMIN, locale=form.locale.data,
            )
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            changed("organisation.admin_create", organisation, "user", user.id)
            db.session.commit()
            return render_template("admin/password_issued.html", user=user, password=password)
    return render_template("orgs/new_admin.html", form=form, organisation=organisation)
