"""Persons: the people an organisation helps, with encrypted identities."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("persons", __name__, url_prefix="/persons")

# purpose sent with a view of personal data -> (audit action, target type)
VIEW_ACTIONS = {
    "view": ("person.view", "person"),
    "edit": ("person.edit_form", "person"),
    "search": ("person.search", None),
    "duplicates": ("person.duplicates", None),
}


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "person.view": _l("Person viewed"),
    "person.edit_form": _l("Person edit form shown"),
    "person.search": _l("Persons searched"),
    "person.duplicates": _l("Possible duplicates shown"),
}
AUDIT_TARGETS = {
    "person": _l("Person"),
}


def init_app(app):
    """Register the persons blueprint, its menu entry, audited views and export section."""
    from caseapp.auth.roles import CASE_WORKER_ROLES
    from caseapp.core.registry import registry
    from caseapp.persons import privacy, views  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
    seams = registry(app)
    seams.add_nav_entry("persons.search", _l("Persons"), CASE_WORKER_ROLES, order=30)
    for purpose, (action, target_type) in VIEW_ACTIONS.items():
        seams.add_view_action(purpose, action, target_type)
    seams.add_export_section("person", privacy.export_person)
    seams.add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
