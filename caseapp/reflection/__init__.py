"""Reflection periods: the decision, its extensions, the deadline board and the reminders."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("reflection", __name__, url_prefix="/reflection")

TIMELINE_KINDS = {
    "reflection_started": _l("Reflection period granted"),
    "reflection_extended": _l("Reflection period extended"),
}


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "reflection.start": _l("Reflection period granted"),
    "reflection.extend": _l("Reflection period extended"),
}
AUDIT_TARGETS = {
    "reflection_period": _l("Reflection period"),
}


def init_app(app):
    """Register the blueprint, timeline kinds, menu entry, case and home sections, task source, statistics, commands and bulk demo rows."""
    from caseapp.core.registry import registry
    from caseapp.reflection import commands, models, views  # noqa: F401  (routes attach to bp)
    from caseapp.reflection.bulk import add_bulk_period
    from caseapp.reflection.figures import extended_events, started_events
    from caseapp.reflection.presenters import REFLECTION_ROLES, board_rows, case_section, due_items
    from caseapp.reflection.privacy import export_periods
    from caseapp.reflection.reminders import send_reminders
    from caseapp.stats.sources import register_figure

    app.register_blueprint(bp)
    seams = registry(app)
    for code, label in TIMELINE_KINDS.items():
        seams.add_timeline_kind(code, label, f"reflection/events/{code}.html")
    seams.add_nav_entry("reflection.board", _l("Deadlines"), REFLECTION_ROLES, order=25)
    seams.add_task_source(due_items)
    seams.add_case_section("reflection/_case_section.html", case_section, _l("Reflection period"), order=30)
    seams.add_export_section("reflection_periods", export_periods)
    seams.add_home_section("reflection/_board_panel.html", REFLECTION_ROLES, order=20)
    app.context_processor(lambda: {"reflection_board_rows": board_rows})
    app.cli.add_command(commands.reminders_cli)
    seams.add_reminder_source("reflection", send_reminders)
    seams.add_bulk_demo_step(add_bulk_period)
    register_figure(app, "reflection_started", started_events)
    register_figure(app, "reflection_extended", extended_events)
    seams.add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
