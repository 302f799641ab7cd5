"""Contact pages: log a contact (anonymous, for a known person, or creating one), list and view them."""

import uuid

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.contacts import bp, services
from caseapp.contacts.forms import AnonymousContactForm, ContactForm
from caseapp.contacts.models import Indicator, PlaceType, Service
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.core.audit import record_view
from caseapp.core import submissions
from caseapp.core.pagination import requested_page
from caseapp.core.permissions import roles_required
from caseapp.core.scopes import contact_scope
from caseapp.extensions import db
from caseapp.persons.services import get_person
from caseapp.persons.duplicates import duplicates_to_confirm

@bp.get("/contacts/")
@roles_required(*CASE_WORKER_ROLES)
def index():
    """The organisation's contacts, newest first, a page at a time."""
    page = requested_page()
    listed = services.list_contacts(current_user.organisation_id, page, current_app.config["PAGE_SIZE"],
                                    within=contact_scope(current_user))
    return render_template("contacts/index.html", listed=listed, page=page, place_labels=PlaceType.labels())


@bp.route("/contacts/new", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def new():
    """Log a contact; naming someone new creates a person, after any possible duplicate is confirmed."""
    form = AnonymousContactForm()
    duplicates = []
    if form.validate_on_submit():
        new_person = form.new_person()
        submissions.check(form.submission.data)
        if new_person is not None:
            duplicates = duplicates_to_confirm(current_user.organisation_id, new_person, form.confirm_duplicate.data)
        if not duplicates:
            submissions.claim(form.submission.data)
            contact = services.log_contact(current_user.organisation_id, current_user.id, form.to_data(),
                                           new_person=new_person)
            submissions.resolve(form.submission.data, url_for("contacts.show", contact_id=contact.id))
            db.session.commit()
            flash(_("The contact is saved."), "success")
            return redirect(url_for("contacts.show", contact_id=contact.id))
    return render_template("contacts/form.html", form=form, person=None, duplicates=duplicates)


@bp.route("/persons/<uuid:person_id>/contacts/new", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def new_for_person(person_id: uuid.UUID):
    """Log a contact with one of the organisation's persons; it goes on their open cases' timelines."""
    person = get_person(current_user.organisation_id, person_id)
    if person is None:
        abort(404)
    form = ContactForm()
    if form.validate_on_submit():
        submissions.claim(form.submission.data)
        services.log_contact(current_user.organisation_id, current_user.id, form.to_data(), person=person)
        submissions.resolve(form.submission.data, url_for("persons.show", person_id=person.id))
        db.session.commit()
        flash(_("The contact is saved."), "success")
        return redirect(url_for("persons.show", person_id=person.id))
    return render_template("contacts/form.html", form=form, person=person, duplicates=[])


@bp.get("/contacts/<uuid:contact_id>")
@roles_required(*CASE_WORKER_ROLES)
def show(contact_id: uuid.UUID):
    """Show one of the organisation's contacts with its decrypted note."""
    contact = services.get_contact(current_user.organisation_id, contact_id)
    if contact is None:
        abort(404)
    record_view("contact", contact.person_id, target_id=contact.id)
    return render_template("contacts/show.html", contact=contact, Indicator=Indicator, Service=Service)
