"""Audit entries: an append-only, hash-chained record of who did what, by ids only."""

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from caseapp.core.models import UTCDateTime, utcnow
from caseapp.extensions import db

# prev_hash of the first entry: the chain has nothing before it.
GENESIS_HASH = "0" * 64

ACTION_LABELS = {
    "sign_in.success": _l("Signed in"),
    "sign_in.failure": _l("Sign-in failed"),
    "sign_out": _l("Signed out"),
    "access.refused": _l("Access refused"),
    "person.view": _l("Person viewed"),
    "person.edit_form": _l("Person edit form shown"),
    "person.search": _l("Persons searched"),
    "person.duplicates": _l("Possible duplicates shown"),
    "case.view": _l("Case viewed"),
    "contact.view": _l("Contact viewed"),
    "user.create": _l("User created"),
    "user.deactivate": _l("User deactivated"),
    "user.reactivate": _l("User reactivated"),
    "user.password_reset": _l("Password reset"),
    "user.reset_second_factor": _l("Two-factor sign-in reset"),
    "user.unlock": _l("User unlocked"),
    "person.erase": _l("Personal data erased"),
    "person.export": _l("Personal data exported"),
    "organisation.create": _l("Organisation created"),
    "organisation.admin_create": _l("Organisation admin created"),
    "shelter.create": _l("Shelter created"),
}

TARGET_LABELS = {
    "person": _l("Person"),
    "case": _l("Case"),
    "contact": _l("Contact"),
    "user": _l("User"),
    "organisation": _l("Organisation"),
    "shelter": _l("Shelter"),
}


class AuditEntry(db.Model):
    """One event; ``hash`` is an HMAC over every other field, ``prev_hash`` links it to the entry before."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_organisation_id_sequence", "organisation_id", "sequence"),)

    # Assigned by the application as last + 1 under a lock: it defines the chain order.
    sequence: Mapped[int] = mapped_column(db.BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # No foreign keys: the trail must outlive, and never block, changes to what it points at.
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(db.Uuid)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(db.Uuid)
    action: Mapped[str] = mapped_column(db.String(40))
    target_type: Mapped[str | None] = mapped_column(db.String(40))
    target_id: Mapped[str | None] = mapped_column(db.String(64))
    # Codes, ids and counts only: never names, contact details, free text or search text.
    detail: Mapped[dict] = mapped_column(db.JSON, default=dict)
    # Id of the index root key the HMAC key was derived from, so verify can name a missing key.
    key_id: Mapped[str] = mapped_column(db.String(32))
    prev_hash: Mapped[str] = mapped_column(db.String(64))
    hash: Mapped[str] = mapped_column(db.String(64))

    @property
    def action_label(self):
        """The translated label of the action, or its code when it has none."""
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def target_label(self):
        """The translated label of the target type, or its code."""
        return TARGET_LABELS.get(self.target_type, self.target_type)
