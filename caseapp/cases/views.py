"""Case pages: lists, opening a case, the case page with its timeline, and case actions."""

import uuid

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.models import User
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases import bp, services
from caseapp.cases.forms import (AssignForm, CaseFilterForm, ConsentForm, DecisionForm, ExploitationForm,
                                 NoteForm, OpenCaseForm, StatusForm)
from caseapp.cases.lifecycle import CaseStatus, TransitionError
from caseapp.cases.presenters import case_page_context
from caseapp.core import submissions
from caseapp.core.audit import record_view
from caseapp.core.concurrency import StaleEditError
from caseapp.core.flashes import flash_done
from caseapp.core.forms import CreatingForm
from caseapp.core.pagination import requested_page
from caseapp.core.scopes import case_condition
from caseapp.core.permissions import roles_required
from caseapp.extensions import db
from caseapp.persons.services import get_person

REFUSALS = (StaleEditError, TransitionError, services.CaseError)


def _load(case_id):
    case = services.get_case(current_user.organisation_id, case_id)
    if case is None:
        abort(404)
    return case


def _worker(user_id):
    """A user of the current organisation by id, or None."""
    try:
        user = db.session.get(User, uuid.UUID(str(user_id)))
    except ValueError:
        return None
    return user if user is not None and user.organisation_id == current_user.organisation_id else None


@bp.get("/")
@roles_required(*CASE_WORKER_ROLES)
def index():
    """The organisation's cases, filtered by status and worker, a page at a time."""
    return _case_list(mine=False)


@bp.get("/mine")
@roles_required(*CASE_WORKER_ROLES)
def mine():
    """The cases assigned to the current user."""
    return _case_list(mine=True)


def _case_list(mine):
    form = CaseFilterForm(request.args)
    form.set_options(services.case_workers(current_user.organisation_id))
    valid = form.validate()
    worker = _worker(form.worker.data) if valid and form.worker.data else None
    case_filter = services.CaseFilter(
        status=(form.status.data or None) if valid else None, page=requested_page(),
        reference=(form.reference.data or None) if valid else None, within=case_condition(current_user),
        per_page=current_app.config["PAGE_SIZE"],
        assigned_to_id=current_user.id if mine else (worker.id if worker else None),
    )
    cases, total = services.list_cases(current_user.organisation_id, case_filter)
    return render_template("cases/index.html", form=form, cases=cases, total=total, mine=mine,
                           page=case_filter.page, pages=max(1, -(-total // case_filter.per_page)),
                           status_labels=CaseStatus.labels())


@bp.route("/open/<uuid:person_id>", methods=["GET", "POST"])
@roles_required(*CASE_WORKER_ROLES)
def open_case(person_id: uuid.UUID):
    """Open a case for one of the organisation's persons."""
    person = get_person(current_user.organisation_id, person_id) or abort(404)
    form = OpenCaseForm()
    form.set_workers(services.case_workers(current_user.organisation_id))
    if request.method == "GET":
        form.assigned_to.data = str(current_user.id)
    if form.validate_on_submit():
        submissions.claim(form.submission.data)
        try:
            case = services.open_case(current_user.organisation_id, person, current_user,
                                      assigned_to=_worker(form.assigned_to.data),
                                      exploitation=form.exploitation.data)
        except services.CaseError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            submissions.resolve(form.submission.data, url_for("cases.show", case_id=case.id))
            db.session.commit()
            flash_done(_("The case is opened."),
                       _("Record the identification decision when it is made; notes go on the timeline."))
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/open.html", form=form, person=person)


@bp.get("/<uuid:case_id>")
@roles_required(*CASE_WORKER_ROLES)
def show(case_id: uuid.UUID):
    """The case page: summary, consents, action forms and the timeline, newest first."""
    case = _load(case_id)
    record_view("case", case.person_id, target_id=case.id)
    return render_template("cases/show.html", **case_page_context(case))


def _act(case_id, form_class, action, success_message):
    """Validate ``form_class``, run ``action(case, form)`` and commit once; refusals are flashed.

    A form that does not validate comes back on the case page with what was
    typed and its errors beside the fields, never lost behind a redirect.
    """
    case = _load(case_id)
    form = form_class()
    if hasattr(form, "set_targets"):
        # Accept any status here: the state machine refuses with a clear message.
        form.set_targets(list(CaseStatus))
    if hasattr(form, "set_workers"):
        form.set_workers(services.case_workers(current_user.organisation_id))
    if not form.validate_on_submit():
        record_view("case", case.person_id, target_id=case.id)
        return render_template("cases/show.html", **case_page_context(case, submitted=form))
    page = url_for("cases.show", case_id=case_id)
    if isinstance(form, CreatingForm):
        submissions.claim(form.submission.data)
    try:
        action(case, form)
    except REFUSALS as error:
        db.session.rollback()
        flash(str(getattr(error, "message", error)), "error")
    else:
        if isinstance(form, CreatingForm):
            submissions.resolve(form.submission.data, page)
        db.session.commit()
        flash(success_message, "success")
    return redirect(page)


@bp.post("/<uuid:case_id>/status")
@roles_required(*CASE_WORKER_ROLES)
def change_status(case_id: uuid.UUID):
    """Move the case through the state machine."""
    return _act(case_id, StatusForm, lambda case, form: services.change_status(
        case, current_user, form.status.data, form.version.data, outcome=form.outcome.data or None),
        _("The status is changed."))


@bp.post("/<uuid:case_id>/decision")
@roles_required(*CASE_WORKER_ROLES)
def decision(case_id: uuid.UUID):
    """Record the identification decision."""
    return _act(case_id, DecisionForm, lambda case, form: services.record_decision(
        case, current_user, trafficking_status=form.trafficking_status.data, decided_by=form.decided_by.data,
        decided_on=form.decided_on.data, version=form.version.data), _("The decision is recorded."))


@bp.post("/<uuid:case_id>/assign")
@roles_required(*CASE_WORKER_ROLES)
def assign(case_id: uuid.UUID):
    """Give the case to another worker."""
    return _act(case_id, AssignForm, lambda case, form: services.reassign(
        case, current_user, _worker(form.assigned_to.data) or abort(400), form.version.data),
        _("The case is reassigned."))


@bp.post("/<uuid:case_id>/exploitation")
@roles_required(*CASE_WORKER_ROLES)
def exploitation(case_id: uuid.UUID):
    """Change the forms of exploitation."""
    return _act(case_id, ExploitationForm, lambda case, form: services.update_exploitation(
        case, current_user, form.exploitation.data, form.version.data), _("The case is saved."))


@bp.post("/<uuid:case_id>/notes")
@roles_required(*CASE_WORKER_ROLES)
def note(case_id: uuid.UUID):
    """Add a note to the timeline."""
    return _act(case_id, NoteForm, lambda case, form: services.add_note(case, current_user, form.note.data),
                _("The note is added."))


@bp.post("/<uuid:case_id>/consents")
@roles_required(*CASE_WORKER_ROLES)
def give_consent(case_id: uuid.UUID):
    """Record a consent."""
    return _act(case_id, ConsentForm, lambda case, form: services.give_consent(
        case, current_user, form.purpose.data, form.on.data), _("The consent is recorded."))


@bp.post("/<uuid:case_id>/consents/withdraw")
@roles_required(*CASE_WORKER_ROLES)
def withdraw_consent(case_id: uuid.UUID):
    """Withdraw a consent."""
    return _act(case_id, ConsentForm, lambda case, form: services.withdraw_consent(
        case, current_user, form.purpose.data, form.on.data), _("The consent is withdrawn."))
