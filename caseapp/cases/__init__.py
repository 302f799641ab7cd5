"""Cases: one organisation's work with one person, governed by the case state machine."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("cases", __name__, url_prefix="/cases")

TIMELINE_KINDS = {
    "opened": _l("Case opened"),
    "status_changed": _l("Status changed"),
    "decision": _l("Decision"),
    "assigned": _l("Case given to a worker"),
    "note": _l("Note"),
    "contact": _l("Contact"),
    "consent_given": _l("Consent given"),
    "consent_withdrawn": _l("Consent withdrawn"),
    "edited": _l("Forms of exploitation changed"),
}


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "case.view": _l("Case viewed"),
}
AUDIT_TARGETS = {
    "case": _l("Case"),
}


def init_app(app):
    """Register the cases blueprint, its timeline kinds, menu entry, audited views and privacy hooks."""
    from caseapp.auth.roles import CASE_WORKER_ROLES
    from caseapp.cases import models, privacy, views  # noqa: F401  (models for migrations, routes attach to bp)
    from caseapp.core.registry import registry

    app.register_blueprint(bp)
    seams = registry(app)
    for code, label in TIMELINE_KINDS.items():
        seams.add_timeline_kind(code, label, f"cases/events/{code}.html")
    seams.add_nav_entry("cases.mine", _l("My cases"), CASE_WORKER_ROLES, order=20)
    seams.add_view_action("case", "case.view", "case")
    seams.add_export_section("cases", privacy.export_cases)
    seams.add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
