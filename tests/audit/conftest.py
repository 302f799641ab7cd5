"""Helpers for the audit tests: the entries written so far."""

import pytest
from sqlalchemy import select

from caseapp.audit.models import AuditEntry
from caseapp.extensions import db


def audit_entries(action=None):
    """Every entry in chain order, optionally only those with ``action``."""
    db.session.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.sequence)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return db.session.scalars(query).all()


@pytest.fixture
def entries():
    """``entries(action=None)``: the audit entries written so far."""
    return audit_entries
