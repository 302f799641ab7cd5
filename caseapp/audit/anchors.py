"""Anchors: the chain head (sequence and hash, HMAC-signed) written outside the database.

The chain alone cannot show that entries were removed from its end. An
anchor kept in a file or in syslog, where a database intruder cannot
rewrite it, can: ``verify`` compares the chain with the last anchor.
"""

import hashlib
import hmac
import json
import logging.handlers
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from caseapp.audit.models import GENESIS_HASH, AuditEntry
from caseapp.audit.services import Problem
from caseapp.core.models import utcnow
from caseapp.crypto import get_keyring
from caseapp.extensions import db

SIGNATURE_LABEL = b"caseapp audit anchor v1\x00"
SYSLOG_PREFIX = "caseapp-audit-anchor "


@dataclass(frozen=True)
class Anchor:
    """One anchor: which entry was last, its hash, under which index key, when; and the signature."""

    sequence: int
    hash: str
    key_id: str
    anchored_at: str
    signature: str = ""

    def signed_bytes(self):
        """What the signature covers: every field but the signature, as sorted-key JSON."""
        fields = {k: v for k, v in asdict(self).items() if k != "signature"}
        return SIGNATURE_LABEL + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def line(self):
        """The anchor as one line of JSON."""
        return json.dumps(asdict(self), sort_keys=True)


def _signature(anchor, key):
    return hmac.new(key, anchor.signed_bytes(), hashlib.sha256).hexdigest()


def current_anchor():
    """An anchor of the chain's head now (sequence 0 for an empty chain), signed with the current key."""
    keyring = get_keyring()
    last = db.session.execute(
        select(AuditEntry.sequence, AuditEntry.hash).order_by(AuditEntry.sequence.desc()).limit(1)).first()
    anchor = Anchor(last.sequence if last else 0, last.hash if last else GENESIS_HASH, keyring.index_key_id,
                    utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"))
    return Anchor(**{**asdict(anchor), "signature": _signature(anchor, keyring.audit_key())})


def write_anchor(anchor, destination):
    """Append ``anchor`` to the file ``destination``, or send it to syslog ("syslog" or "syslog://host:port")."""
    if destination.startswith("syslog"):
        _send_to_syslog(anchor, destination)
        return
    descriptor = os.open(destination, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(anchor.line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _send_to_syslog(anchor, destination):
    """Local syslog through /dev/log, or a syslog server over UDP for "syslog://host:port"."""
    parts = urlsplit(destination)
    address = (parts.hostname, parts.port or 514) if parts.hostname else "/dev/log"
    handler = logging.handlers.SysLogHandler(address=address)
    try:
        handler.emit(logging.LogRecord("caseapp.audit", logging.INFO, __file__, 0,
                                       SYSLOG_PREFIX + anchor.line(), None, None))
    finally:
        handler.close()


def read_last_anchor(path):
    """The last anchor in the file ``path`` (anchor lines, or syslog lines holding one), or None."""
    lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return None
    text = lines[-1]
    if SYSLOG_PREFIX in text:
        text = text.split(SYSLOG_PREFIX, 1)[1]
    # raw_decode: syslog may leave a NUL or other trailer after the JSON.
    fields, _end = json.JSONDecoder().raw_decode(text.strip())
    return Anchor(**fields)


def check_against(anchor, head_sequence):
    """The problem found by comparing the verified chain (ending at ``head_sequence``) with ``anchor``."""
    key = get_keyring().audit_key(anchor.key_id)
    if key is None:
        return Problem("unknown key", anchor.sequence, f"the anchor is signed under index key {anchor.key_id!r}, "
                                                       "which is not loaded: add it to retired_index")
    if not hmac.compare_digest(anchor.signature, _signature(anchor, key)):
        return Problem("forged anchor", anchor.sequence, "the anchor's signature does not match: it was altered")
    head = head_sequence or 0
    if head < anchor.sequence:
        return Problem("truncated", head + 1,
                       f"the last anchor ({anchor.anchored_at}) names entry {anchor.sequence} but the chain ends at "
                       f"{head}: entries {head + 1} to {anchor.sequence} were removed from the end")
    stored = db.session.scalar(select(AuditEntry.hash).where(AuditEntry.sequence == anchor.sequence))
    if anchor.sequence and stored != anchor.hash:
        return Problem("rewritten", anchor.sequence,
                       f"entry {anchor.sequence} is not the one anchored at {anchor.anchored_at}: "
                       "the chain was rewritten from there on")
    return None
