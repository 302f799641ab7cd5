"""Audit entries: an append-only, hash-chained record of who did what, by ids only."""

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from caseapp.core.models import UTCDateTime, utcnow
from caseapp.core.registry import registry
from caseapp.extensions import db

# prev_hash of the first entry: the chain has nothing before it.
GENESIS_HASH = "0" * 64

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
        return registry().audit_actions.get(self.action, self.action)

    @property
    def target_label(self):
        """The translated label of the target type, or its code."""
        return registry().audit_targets.get(self.target_type, self.target_type)
