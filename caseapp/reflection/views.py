"""Reflection pages: record the decision and extensions (forms keep what was typed), and the deadline board."""

import uuid

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.cases.lifecycle import TransitionError
from caseapp.cases.services import get_case
from caseapp.core.audit import record_change
from caseapp.core.concurrency import StaleEditError
from caseapp.core.clock import local_today
from caseapp.core.flashes import flash_done
from caseapp.core.permissions import roles_required
from caseapp.core.registry import part_anchor
from caseapp.extensions import db
from caseapp.reflection import bp, services
from caseapp.reflection.board import running_periods
from caseapp.reflection.forms import ExtendForm, StartForm
from caseapp.reflection.periods import Lengths, deadline_after
from caseapp.reflection.presenters import REFLECTION_ROLES

REFUSALS = (services.ReflectionError, TransitionError, StaleEditError)


def _case(case_id):
    return get_case(current_user.organisation_id, case_id) or abort(404)


def _refused(form, error):
    db.session.rollback()
    form.deadline.errors = [*form.deadline.errors, str(getattr(error, "message", error))]


@bp.route("/cases/<uuid:case_id>/start", methods=["GET", "POST"])
@roles_required(*REFLECTION_ROLES)
def start(case_id: uuid.UUID):
    """Record the decision that grants the case's reflection period."""
    case, lengths = _case(case_id), Lengths.from_config(current_app.config)
    form = StartForm()
    if request.method == "GET":
        form.decided_on.data, form.version.data = local_today(), str(case.version)
    if form.validate_on_submit():
        try:
            period = services.start_period(
                case, current_user, lengths, decided_on=form.decided_on.data, decided_by=form.decided_by.data,
                today=local_today(), deadline=form.deadline.data, override_reason=form.override_text(),
                version=form.version.data)
        except REFUSALS as error:
            _refused(form, error)
        else:
            record_change("reflection.start", "reflection_period", period.id,
                          {"case_id": str(case.id), "deadline": period.deadline.isoformat()})
            db.session.commit()
            flash_done(_("The reflection period is recorded."),
                       _("The deadline is on the Deadlines page; record an extension here if one is granted."))
            return redirect(url_for("cases.show", case_id=case.id, _anchor=part_anchor("reflection")))
    return render_template("reflection/start.html", form=form, case=case, lengths=lengths)


@bp.route("/cases/<uuid:case_id>/extend", methods=["GET", "POST"])
@roles_required(*REFLECTION_ROLES)
def extend(case_id: uuid.UUID):
    """Record an extension of the case's reflection period."""
    case, lengths = _case(case_id), Lengths.from_config(current_app.config)
    period = services.period_of(case) or abort(404)
    form = ExtendForm()
    if request.method == "GET":
        form.decided_on.data, form.version.data = local_today(), str(period.version)
    if form.validate_on_submit():
        try:
            services.extend_period(
                period, case, current_user, lengths, decided_on=form.decided_on.data,
                decided_by=form.decided_by.data, deadline=form.deadline.data, reason=form.reason.data,
                today=local_today(), override_reason=form.override_text(), version=form.version.data)
        except REFUSALS as error:
            _refused(form, error)
        else:
            record_change("reflection.extend", "reflection_period", period.id,
                          {"case_id": str(case.id), "deadline": period.deadline.isoformat()})
            db.session.commit()
            flash_done(_("The extension is recorded."), _("The Deadlines page shows the new deadline."))
            return redirect(url_for("cases.show", case_id=case.id, _anchor=part_anchor("reflection")))
    return render_template("reflection/extend.html", form=form, case=case, period=period,
                           latest=deadline_after(period.starts_on, lengths.maximum))


@bp.get("/board")
@roles_required(*REFLECTION_ROLES)
def board():
    """Every running reflection period the user follows, fewest days left first."""
    rows = running_periods(current_user, local_today(), Lengths.from_config(current_app.config))
    return render_template("reflection/board.html", rows=rows)
