"""Appending to the audit chain, verifying it, and reading an organisation's trail.

Each entry's ``hash`` is HMAC-SHA256, keyed with ``Keyring.audit_key()``
(HKDF from the index root key, label "caseapp audit chain v1"), over the
sorted-key JSON of all its other fields including ``prev_hash``, the hash
of the entry before it. Someone who can write to the database but does
not hold the key can neither alter, remove nor add an entry without
``verify`` noticing, except removing entries from the very end: compare
the head that ``verify`` prints with one kept elsewhere to catch that.
Each entry stores the id of the index key its HMAC key came from: after an
index key change, older entries verify with the retired key (the key
document's ``retired_index``), and ``verify`` names the key when it is missing.
"""

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import String, cast, select, text

from caseapp.audit.models import GENESIS_HASH, AuditEntry
from caseapp.core.models import utcnow
from caseapp.crypto import get_keyring
from caseapp.extensions import db

# Any constant works: it only has to be the same for every process appending.
ADVISORY_LOCK_ID = 0x63617365_61756474  # "caseaudt"
VERIFY_BATCH_SIZE = 1000


def append(action, *, organisation_id=None, actor_id=None, target_type=None, target_id=None, detail=None):
    """Add an entry at the end of the chain in the current transaction and flush it."""
    _lock_chain()
    last = db.session.execute(
        select(AuditEntry.sequence, AuditEntry.hash).order_by(AuditEntry.sequence.desc()).limit(1)
    ).first()
    keyring = get_keyring()
    entry = AuditEntry(
        sequence=(last.sequence + 1) if last else 1, occurred_at=utcnow(),
        organisation_id=_uuid(organisation_id), actor_id=_uuid(actor_id), action=action,
        target_type=target_type, target_id=None if target_id is None else str(target_id),
        detail=_ids_only(detail or {}), key_id=keyring.index_key_id,
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    entry.hash = entry_hash(entry, keyring.audit_key())
    db.session.add(entry)
    db.session.flush()
    return entry


def _lock_chain():
    """Serialise appenders so two transactions never read the same last entry (the chain would fork)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": ADVISORY_LOCK_ID})
    # SQLite allows one writer at a time; the sequence primary key refuses a fork on either database.


def _uuid(value):
    return None if value is None else uuid.UUID(str(value))


def _ids_only(detail):
    """``detail`` made JSON-safe: UUIDs become strings; anything but codes, ids and counts is refused."""
    def clean(value):
        if isinstance(value, uuid.UUID):
            return str(value)
        if isinstance(value, list | tuple):
            return [clean(item) for item in value]
        if value is None or isinstance(value, bool | int | str):
            return value
        raise TypeError(f"audit detail values are codes, ids and counts, not {type(value).__name__}")

    return {str(key): clean(value) for key, value in detail.items()}


def canonical(entry):
    """The bytes the HMAC covers: every field but ``hash``, as sorted-key JSON."""
    occurred = entry.occurred_at.astimezone(UTC)
    fields = {
        "sequence": entry.sequence, "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "organisation_id": _text(entry.organisation_id), "actor_id": _text(entry.actor_id),
        "action": entry.action, "target_type": entry.target_type, "target_id": entry.target_id,
        "detail": entry.detail, "key_id": entry.key_id, "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _text(value):
    return None if value is None else str(value)


def entry_hash(entry, key):
    """HMAC-SHA256 of the entry's canonical form, hex."""
    return hmac.new(key, canonical(entry), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Problem:
    """The first thing wrong with the chain: what and at which sequence number."""

    kind: str  # "altered", "deleted", "inserted", "altered or inserted" or "unknown key"
    sequence: int
    message: str


@dataclass(frozen=True)
class Verification:
    """Outcome of ``verify``: the entries checked, the last one's sequence and hash, or the first problem."""

    count: int
    head_sequence: int | None
    head_hash: str | None
    problem: Problem | None


def verify(batch_size=VERIFY_BATCH_SIZE):
    """Walk the whole chain in sequence order, a batch at a time, and stop at the first problem."""
    walk = _Walk(get_keyring())
    after = 0
    while walk.problem is None:
        batch = _batch(after, batch_size + 1)
        if not batch:
            break
        # One entry beyond the batch lets the last entry of the batch be checked against its successor.
        for index, entry in enumerate(batch[:batch_size]):
            following = batch[index + 1] if index + 1 < len(batch) else None
            if walk.check(entry, following):
                break
        after = batch[min(len(batch), batch_size) - 1].sequence
        if len(batch) <= batch_size:
            break
    return Verification(walk.count, walk.previous_sequence, walk.previous_hash, walk.problem)


# Columns the organisation's page filters and joins on by their stored text.
STORED_IDS = ("organisation_id", "actor_id")


def _batch(after, limit):
    stored = [cast(getattr(AuditEntry, name), String).label(f"stored_{name}") for name in STORED_IDS]
    query = (select(AuditEntry, *stored).where(AuditEntry.sequence > after)
             .order_by(AuditEntry.sequence).limit(limit))
    entries = []
    for entry, *texts in db.session.execute(query):
        entry.ids_as_written = all(text == _as_written(getattr(entry, name)) for name, text in zip(STORED_IDS, texts))
        # Keep memory flat on long chains: the session need not track entries already read.
        db.session.expunge(entry)
        entries.append(entry)
    return entries


def _as_written(value):
    """The text the application stores for id ``value`` (on SQLite: 32 lower-case hex digits).

    The HMAC covers the parsed UUID, but the page compares stored text: on
    SQLite "ABC…" parses as the same id as "abc…" yet matches no organisation,
    so an upper-cased id would hide an entry from its page with a valid HMAC.
    Verify therefore also requires every id to be stored exactly as written.
    """
    if value is None:
        return None
    process = AuditEntry.__table__.c.organisation_id.type.bind_processor(db.session.get_bind().dialect)
    return str(process(value) if process else value)


class _Walk:
    """State carried from one entry to the next while verifying."""

    def __init__(self, keyring):
        self.count = 0
        self.previous_sequence = None
        self.previous_hash = None
        self.problem = None
        self._keyring = keyring
        self._keys = {}

    def key(self, key_id):
        """The audit HMAC key under index key ``key_id`` (derived once per walk), or None when not loaded."""
        if key_id not in self._keys:
            self._keys[key_id] = self._keyring.audit_key(key_id)
        return self._keys[key_id]

    def check(self, entry, following):
        """Check one entry; record and return the problem if there is one."""
        self.problem = self._problem(entry, following)
        if self.problem is None:
            self.count += 1
            self.previous_sequence, self.previous_hash = entry.sequence, entry.hash
        return self.problem

    def _problem(self, entry, following):
        expected = (self.previous_sequence or 0) + 1
        if entry.sequence == self.previous_sequence:
            return Problem("inserted", entry.sequence, f"entry {entry.sequence} appears twice: one was inserted")
        if entry.sequence > expected:
            return _missing(expected, entry.sequence)
        linked_before = entry.prev_hash == (self.previous_hash or GENESIS_HASH)
        key = self.key(entry.key_id)
        if key is None:
            return Problem("unknown key", entry.sequence,
                           f"entry {entry.sequence} names index key {entry.key_id!r}, which is not loaded: "
                           "add it to retired_index to check it; if it never existed, the entry was forged")
        if not hmac.compare_digest(entry.hash, entry_hash(entry, key)):
            return _forged(entry, following, linked_before)
        if not linked_before:
            return Problem("deleted", entry.sequence,
                           f"the entry before {entry.sequence} is not the one it was chained to: entries were deleted")
        if not entry.ids_as_written:
            return Problem("altered", entry.sequence, f"entry {entry.sequence} stores an organisation or actor id "
                           "in a form the application never writes, which hides it from its organisation: altered")
        return None


def _missing(first, following):
    last = following - 1
    span = f"entry {first} is" if first == last else f"entries {first} to {last} are"
    return Problem("deleted", first, f"{span} missing: deleted")


def _forged(entry, following, linked_before):
    """An entry whose HMAC fails: altered in place if the next entry still points at it, else inserted."""
    if following is None:
        # Nothing after it says whether its stored hash was ever the real one.
        return Problem("altered or inserted", entry.sequence,
                       f"the last entry, {entry.sequence}, does not match its hash: altered or forged")
    if linked_before and following.prev_hash == entry.hash:
        return Problem("altered", entry.sequence, f"entry {entry.sequence} was altered: it does not match its hash")
    return Problem("inserted", entry.sequence,
                   f"entry {entry.sequence} was inserted or replaced: it does not fit in the chain")
