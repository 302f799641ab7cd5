"""Person pages: search, create (with the possible-duplicate warning), view and edit."""

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.contacts.models import PLACE_LABELS
from caseapp.contacts.services import recent_contacts
from caseapp.cases.lifecycle import STATUS_LABELS
from caseapp.cases.services import cases_of_person
from caseapp.core.concurrency import StaleEditError
from caseapp.core.permissions import roles_required
from caseapp.core.audit import record_view
from caseapp.extensions import db
from caseapp.persons import bp, search as finder, services
from caseapp.persons.duplicates import duplicates_to_confirm
from caseapp.persons.forms import PersonForm, SearchForm
from caseapp.persons.models import GENDER_LABELS



def _load(person_id):
    person = services.get_person(current_user.organisation_id, person_id)
    if person is None:
        abort(404)
    return person


@bp.route("/", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def search():
    """Find persons by name, alias, phone or date of birth; the query travels by POST only."""
    form = SearchForm()
    result = None
    if form.validate_on_submit():
        result = finder.search_persons(current_user.organisation_id, form.query.data)
        record_view("search", person_ids=[person.id for person in result.persons])
    return render_template("persons/search.html", form=form, result=result)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def new():
    """Create a person; a likely duplicate must be confirmed before saving."""
    form = PersonForm()
    duplicates = []
    if form.validate_on_submit():
        data = form.to_data()
        duplicates = duplicates_to_confirm(current_user.organisation_id, data, form.confirm_duplicate.data)
        if not duplicates:
            person = services.create_person(current_user.organisation_id, current_user.id, data)
            db.session.commit()
            flash(_("The person is saved."), "success")
            return redirect(url_for("persons.show", person_id=person.id))
    return render_template("persons/form.html", form=form, duplicates=duplicates, person=None)


@bp.get("/<uuid:person_id>")
@roles_required(*CASE_WORKER_ROLES)
def show(person_id: uuid.UUID):
    """Show a person's decrypted details and latest contacts."""
    person = _load(person_id)
    contacts = recent_contacts(current_user.organisation_id, person.id)
    cases = cases_of_person(current_user.organisation_id, person.id)
    record_view("view", person.id)
    return render_template("persons/show.html", person=person, gender_labels=GENDER_LABELS,
                           contacts=contacts, place_labels=PLACE_LABELS, cases=cases,
                           status_labels=STATUS_LABELS)


@bp.route("/<uuid:person_id>/edit", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def edit(person_id: uuid.UUID):
    """Edit a person; an edit based on an old version is refused, never merged."""
    person = _load(person_id)
    form = PersonForm()
    if not form.is_submitted():
        form.fill_from(services.person_data(person), person.version)
        record_view("edit", person.id)
    elif form.validate():
        try:
            services.update_person(person, form.to_data(), form.version.data)
        except StaleEditError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return render_template("persons/form.html", form=form, duplicates=[], person=person, conflict=True)
        db.session.commit()
        flash(_("The person is saved."), "success")
        return redirect(url_for("persons.show", person_id=person.id))
    return render_template("persons/form.html", form=form, duplicates=[], person=person)
