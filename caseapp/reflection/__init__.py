"""Reflection periods: the decision, its extensions, the deadline board and the reminders."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("reflection", __name__, url_prefix="/reflection")

TIMELINE_KINDS = {
    "reflection_started": _l("Reflection period granted"),
    "reflection_extended": _l("Reflection period extended"),
}


def init_app(app):
    """Register the blueprint, timeline kinds, menu entry, case section, home panel and task source."""
    from caseapp.cases.sections import add_case_section
    from caseapp.core.panels import add_home_panel
    from caseapp.core.registry import registry
    from caseapp.reflection import commands, models, views  # noqa: F401  (routes attach to bp)
    from caseapp.reflection.presenters import board_panel, case_section, due_items

    app.register_blueprint(bp)
    seams = registry(app)
    for code, label in TIMELINE_KINDS.items():
        seams.add_timeline_kind(code, label, f"reflection/events/{code}.html")
    seams.add_nav_entry("reflection.board", _l("Deadlines"), views.REFLECTION_ROLES, order=25)
    seams.add_task_source(due_items)
    add_case_section(app, "reflection", "reflection/_case_section.html", case_section, order=30)
    add_home_panel(app, views.REFLECTION_ROLES, "reflection/_board_panel.html", board_panel, order=10)
    app.cli.add_command(commands.reminders_cli)
