"""The system administrator's pages for return organisations: list, add, rename, deactivate."""

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from caseapp.auth.models import Role
from caseapp.core import submissions
from caseapp.core.audit import record_change
from caseapp.core.permissions import roles_required
from caseapp.extensions import db
from caseapp.returns import bp, organisations as services
from caseapp.returns.forms import RenameForm, ReturnOrganisationForm


def _forms(items):
    forms = {}
    for organisation in items:
        form = RenameForm(prefix=f"o{organisation.id.hex}", formdata=None)
        form.name.data = organisation.name
        forms[organisation.id] = form
    return forms


def _page(form, forms=None, status=200):
    items = services.list_return_organisations()
    return render_template("returns/organisations.html", form=form, items=items,
                           forms={**_forms(items), **(forms or {})}), status


@bp.route("/organisations", methods=["GET", "POST"])
@roles_required(Role.SYSADMIN)
def organisations():
    """List the return organisations and add one."""
    form = ReturnOrganisationForm()
    if form.validate_on_submit():
        submissions.claim(form.submission.data)
        try:
            organisation = services.add_return_organisation(form.name.data)
        except services.ReturnOrganisationError as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(error)]
        else:
            submissions.resolve(form.submission.data, url_for("returns.organisations"))
            record_change("return_organisation.add", "return_organisation", organisation.id)
            db.session.commit()
            flash(_("The return organisation is added."), "success")
            return redirect(url_for("returns.organisations"))
    return _page(form)


@bp.post("/organisations/<uuid:return_organisation_id>")
@roles_required(Role.SYSADMIN)
def edit_organisation(return_organisation_id: uuid.UUID):
    """Rename a return organisation, or deactivate or reactivate it."""
    organisation = services.get_return_organisation(return_organisation_id) or abort(404)
    form = RenameForm(prefix=f"o{organisation.id.hex}")
    if form.validate_on_submit():
        try:
            _apply(organisation, form)
        except services.ReturnOrganisationError as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The return organisation is saved."), "success")
            return redirect(url_for("returns.organisations"))
    return _page(ReturnOrganisationForm(formdata=None), {return_organisation_id: form}, status=400)


def _apply(organisation, form):
    if form.toggle.data:
        services.set_active(organisation, not organisation.active)
        action = "return_organisation.activate" if organisation.active else "return_organisation.deactivate"
    else:
        services.rename_return_organisation(organisation, form.name.data)
        action = "return_organisation.rename"
    record_change(action, "return_organisation", organisation.id)
