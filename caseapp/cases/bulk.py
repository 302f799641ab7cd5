"""Timeline events and consents of bulk demo cases, as plain rows (the features' bulk demo steps use them)."""

import uuid
from datetime import datetime, time, timezone

from caseapp.cases.models import CaseEvent, Consent
from caseapp.core.bulk import encrypted_row

# Events of a day happen at noon UTC, so they sort after the case was opened that morning.
NOON = time(12, tzinfo=timezone.utc)
# Detail values stored as they are (a tuple: checked faster than a union, a bulk load checks millions).
PLAIN = (bool, int, str)


def at_noon(day):
    """The moment a bulk event of ``day`` happened."""
    return datetime.combine(day, NOON)


def add_event(setting, case, actor_id, kind, when, **detail):
    """Queue a timeline event of ``kind`` on ``case`` (a BulkCase) at ``when`` (a date or a datetime)."""
    when = at_noon(when) if not isinstance(when, datetime) else when
    row = {"id": uuid.uuid4(), "case_id": case.id, "actor_id": actor_id, "kind": kind, "occurred_at": when,
           "detail": {key: _plain(value) for key, value in detail.items()}}
    setting.add(CaseEvent, encrypted_row(CaseEvent, row, {"note": None}, setting.keyring))


def _plain(value):
    """JSON-safe form of an event detail, as the timeline stores it (enums, dates and UUIDs as strings)."""
    return value if value is None or isinstance(value, PLAIN) else str(value)


def add_consent(setting, case, purpose, given_on):
    """Queue the consent for ``purpose`` on ``case``, given on ``given_on`` by its worker."""
    setting.add(Consent, {"id": uuid.uuid4(), "case_id": case.id, "recorded_by_id": case.worker,
                          "purpose": purpose, "given_on": given_on})
    case.consents.add(purpose)
