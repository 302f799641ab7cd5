"""One task list for everything that is due, asked of every feature through core's registry."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


def init_app(app):
    """Register the task list page, its menu entry and its place on the home page."""
    from caseapp.auth.roles import CASE_WORKER_ROLES
    from caseapp.core.registry import registry
    from caseapp.tasks import views

    app.register_blueprint(bp)
    app.context_processor(lambda: {"home_task_groups": views.home_task_groups})
    registry(app).add_nav_entry("tasks.index", _l("My tasks"), CASE_WORKER_ROLES, order=15)
    registry(app).add_home_section("tasks/_home.html", CASE_WORKER_ROLES, order=10)
