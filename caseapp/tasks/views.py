"""The task list: what is due, from every feature, grouped by when."""

import uuid

from flask import render_template, request
from flask_login import current_user

from caseapp.auth.models import Role
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.services import case_workers
from caseapp.core.clock import local_today
from caseapp.core.permissions import roles_required
from caseapp.tasks import bp, services
from caseapp.tasks.forms import TaskFilterForm


@bp.get("/")
@roles_required(*CASE_WORKER_ROLES)
def index():
    """The user's tasks; a coordinator sees the organisation's, filterable by worker."""
    form = TaskFilterForm(request.args)
    form.set_workers(case_workers(current_user.organisation_id))
    worker_id = _chosen_worker(form) if current_user.role == Role.COORDINATOR else None
    groups = services.task_groups(current_user, local_today(), worker_id)
    return render_template("tasks/index.html", groups=groups, form=form,
                           coordinator=current_user.role == Role.COORDINATOR)


def _chosen_worker(form):
    """The worker picked in the filter, when it is one of the offered workers."""
    if not form.validate() or not form.worker.data:
        return None
    return uuid.UUID(form.worker.data)


def home_task_groups():
    """The signed-in user's task groups, for the home page section."""
    return services.task_groups(current_user, local_today())
