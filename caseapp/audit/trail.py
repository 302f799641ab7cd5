"""Reading an organisation's audit trail: one filtered page, newest first, and who may be filtered on."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from caseapp.audit.models import AuditEntry
from caseapp.auth.models import User
from caseapp.core.pagination import page_of
from caseapp.extensions import db


@dataclass(frozen=True)
class TrailFilter:
    """Which entries to show: a time span (UTC, the end excluded), an action code and an actor's id."""

    since: datetime | None = None
    until: datetime | None = None
    action: str | None = None
    actor_id: uuid.UUID | None = None


def _conditions(organisation_id, trail_filter):
    conditions = [AuditEntry.organisation_id == organisation_id]
    if trail_filter.since is not None:
        conditions.append(AuditEntry.occurred_at >= trail_filter.since)
    if trail_filter.until is not None:
        conditions.append(AuditEntry.occurred_at < trail_filter.until)
    if trail_filter.action:
        conditions.append(AuditEntry.action == trail_filter.action)
    if trail_filter.actor_id is not None:
        conditions.append(AuditEntry.actor_id == trail_filter.actor_id)
    return conditions


def organisation_trail(organisation_id, page, per_page, trail_filter=TrailFilter()):
    """One page (a ``Page``) of an organisation's entries, newest first, with each actor's name and email."""
    conditions = _conditions(organisation_id, trail_filter)
    query = (
        select(AuditEntry, User.display_name, User.email).outerjoin(User, User.id == AuditEntry.actor_id)
        .where(*conditions).order_by(AuditEntry.sequence.desc())
    )
    return page_of(query, select(AuditEntry.sequence).where(*conditions), page, per_page, fetch=db.session.execute)


def trail_actors(organisation_id):
    """The organisation's users, by name, to filter the trail on."""
    query = select(User).where(User.organisation_id == organisation_id).order_by(User.display_name, User.email)
    return db.session.scalars(query).all()
