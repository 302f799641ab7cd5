"""A feature that lives only in the test package, to prove features plug in through core's registry.

Nothing under ``caseapp/`` names it: it adds a timeline kind, a menu entry,
a case page section, an erasure hook, a source of due items and the names of
its audit entries from its own ``init_app``.
"""

from datetime import timedelta

from flask import Blueprint

from caseapp.core.registry import DueItem, registry

bp = Blueprint("throwaway", __name__, url_prefix="/throwaway", template_folder="templates")
KIND = "throwaway_done"
ACTION = "throwaway.inspect"
erased = []


@bp.get("/")
def index():
    """The feature's page that its menu entry links to."""
    return "throwaway page"


def due_for(user, today, windows):
    """One item due tomorrow for every user, in the task list window that holds tomorrow."""
    return windows.answer([DueItem(due_on=today + timedelta(days=1), title="Throwaway check", assigned_to_id=user.id)])


def init_app(app):
    """Plug the throwaway feature into the timeline, the menu, erasure and the task list."""
    app.register_blueprint(bp)
    seams = registry(app)
    seams.add_timeline_kind(KIND, "Throwaway step", "throwaway/done.html")
    seams.add_nav_entry("throwaway.index", "Throwaway menu", ("outreach",), order=55)
    seams.add_erasure_hook(lambda organisation_id, person_id, case_ids: erased.append((person_id, case_ids)))
    seams.add_task_source(due_for)
    seams.add_case_section("throwaway/section.html", case_section, "Throwaway part")
    seams.add_audit_labels({ACTION: "Throwaway thing inspected"}, {"throwaway": "Throwaway thing"})


def case_section(case):
    """The throwaway section's variables: a code derived from the case id."""
    return {"code": str(case.id)[:8]}
