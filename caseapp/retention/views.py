"""Erasure on request and the subject-access export, both from the person page.

Coordinators do both: they oversee the organisation's cases, whereas
organisation admins never see case content and outreach and shelter staff
should not be able to wipe a colleague's work.
"""

import json
import uuid

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.roles import ERASURE_ROLES
from caseapp.core.permissions import roles_required
from caseapp.core.audit import record_view
from caseapp.extensions import db
from caseapp.persons.services import get_person
from caseapp.retention import bp, services
from caseapp.retention.forms import EraseForm



def _load(person_id):
    person = get_person(current_user.organisation_id, person_id)
    if person is None:
        abort(404)
    return person


@bp.route("/<uuid:person_id>/erase", methods=["GET", "POST"])
@roles_required(*ERASURE_ROLES)
def erase(person_id: uuid.UUID):
    """Ask for a reason and a confirmation, then erase the person's personal data."""
    person = _load(person_id)
    form = EraseForm()
    if form.validate_on_submit():
        services.erase_person(current_user.organisation_id, person, current_user, form.reason.data)
        db.session.commit()
        flash(_("The personal data is erased. Only anonymous statistics of the cases are kept."), "success")
        return redirect(url_for("persons.search"))
    record_view("view", person.id)
    return render_template("retention/erase.html", form=form, person=person)


@bp.get("/<uuid:person_id>/export.json")
@roles_required(*ERASURE_ROLES)
def export(person_id: uuid.UUID):
    """The person's data as a JSON download, for a subject-access request."""
    person = _load(person_id)
    body = json.dumps(services.subject_access_export(current_user.organisation_id, person),
                      ensure_ascii=False, indent=2)
    record_view("export", person.id)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="person-{person_id}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response
