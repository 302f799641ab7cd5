"""Outreach contacts, logged from a phone in under a minute."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

# No URL prefix: logging a contact for a person lives under /persons/<id>/.
bp = Blueprint("contacts", __name__)


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "contact.view": _l("Contact viewed"),
}
AUDIT_TARGETS = {
    "contact": _l("Contact"),
}


def init_app(app):
    """Register the contacts blueprint, its menu entry, audited view and privacy hooks."""
    from caseapp.auth.roles import CASE_WORKER_ROLES
    from caseapp.contacts import models, privacy, views  # noqa: F401  (models for migrations, routes attach to bp)
    from caseapp.core.registry import registry

    app.register_blueprint(bp)
    seams = registry(app)
    seams.add_nav_entry("contacts.index", _l("Contacts"), CASE_WORKER_ROLES, order=40)
    seams.add_view_action("contact", "contact.view", "contact")
    seams.add_erasure_hook(privacy.anonymise_contacts)
    seams.add_export_section("contacts", privacy.export_contacts)
    seams.add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
