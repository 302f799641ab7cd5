"""The keyring: data keys by id (the newest encrypts, all decrypt) and one blind-index root key."""

import base64
import binascii
import json
import os
import re

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseapp.crypto.cipher import key_header
from caseapp.crypto.errors import KeyConfigError, UnknownKeyError

KEY_BYTES = 32
KEY_ID_RE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
# Changing this label changes every blind index, so it is versioned.
INDEX_KDF_LABEL = b"caseapp blind index v1"
# A distinct HKDF label makes the audit-chain key independent of every blind-index key.
AUDIT_KDF_LABEL = b"caseapp audit chain v1"


class Keyring:
    """Data keys in age order plus the blind-index root key; never prints key material."""

    def __init__(self, data_keys, index_key_id, index_key, retired_index_keys=None):
        if not data_keys:
            raise KeyConfigError("The keyring has no data key.")
        self._data_keys = dict(data_keys)
        self._newest_id = list(self._data_keys)[-1] if self._data_keys else None
        self._ciphers = {}
        # What encrypting needs, looked up once: the newest key's value header and cipher.
        self.sealing = (key_header(self._newest_id), self.cipher(self._newest_id))
        self.index_key_id = index_key_id
        self._index_key = index_key
        # Former index root keys, kept only so that audit entries chained under them still verify.
        self._index_keys = {**dict(retired_index_keys or {}), index_key_id: index_key}
        self._column_hmacs = {}

    def __repr__(self):
        return f"<Keyring data={self.data_key_ids} index={self.index_key_id!r}>"

    @property
    def data_key_ids(self):
        """Ids of the data keys, oldest first."""
        return list(self._data_keys)

    @property
    def newest_id(self):
        """Id of the data key that encrypts new values."""
        return self._newest_id

    def data_key(self, key_id):
        """The data key ``key_id``, or UnknownKeyError naming it."""
        try:
            return self._data_keys[key_id]
        except KeyError:
            raise UnknownKeyError(key_id) from None

    def cipher(self, key_id):
        """An AES-GCM object for data key ``key_id``, built once (building one costs as much as a decrypt)."""
        try:
            return self._ciphers[key_id]
        except KeyError:
            return self._ciphers.setdefault(key_id, AESGCM(self.data_key(key_id)))

    def column_index_key(self, table, column):
        """The blind-index key of one column, derived from the root key with HKDF."""
        info = INDEX_KDF_LABEL + b"\x00" + table.encode() + b"\x00" + column.encode()
        return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(self._index_key)

    def column_index_hmac(self, table, column):
        """A fresh HMAC-SHA256 under the column's blind-index key, copied from one keyed once."""
        try:
            keyed = self._column_hmacs[table, column]
        except KeyError:
            # Keying an HMAC costs as much as hashing a name: key it once, copy it per value.
            keyed = self._column_hmacs.setdefault((table, column), hmac.HMAC(self.column_index_key(table, column),
                                                                             hashes.SHA256()))
        return keyed.copy()

    @property
    def index_key_ids(self):
        """Ids of the current and every retired index key."""
        return list(self._index_keys)

    def audit_key(self, index_key_id=None):
        """The audit chain's HMAC key under index key ``index_key_id`` (default: the current one), or None.

        It is derived from that index root key with its own HKDF label. Entries record the index key
        id, so after an index key change, older entries verify with the retired key (``retired_index``).
        """
        root = self._index_keys.get(index_key_id or self.index_key_id)
        if root is None:
            return None
        hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=AUDIT_KDF_LABEL)
        return hkdf.derive(root)


def new_key_entry(prefix):
    """A fresh random key entry ``{"id": ..., "key": ...}`` with an id starting with ``prefix``."""
    key = base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")
    return {"id": f"{prefix}-{os.urandom(4).hex()}", "key": key}


def new_keyring_document():
    """A complete new key document: one data key and one index key."""
    return {"data": [new_key_entry("d")], "index": new_key_entry("i")}


def generate_keyring():
    """A random in-memory keyring (tests, never stored)."""
    return keyring_from_document(new_keyring_document(), "generated keyring")


def parse_keyring(text, source):
    """Build a keyring from the JSON key document ``text``; ``source`` names it in errors."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise KeyConfigError(f"{source} is not valid JSON ({exc.msg}, line {exc.lineno}).") from None
    return keyring_from_document(document, source)


def keyring_from_document(document, source):
    """Build a keyring from an already parsed key document."""
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise KeyConfigError(f'{source} needs a "data" list of keys; see caseapp.crypto for the format.')
    if not isinstance(document.get("index"), dict):
        raise KeyConfigError(f'{source} needs an "index" key object; see caseapp.crypto for the format.')
    data_keys = {}
    for entry in document["data"]:
        key_id, key = _parse_entry(entry, source)
        if key_id in data_keys:
            raise KeyConfigError(f"{source} lists data key {key_id!r} twice.")
        data_keys[key_id] = key
    index_id, index_key = _parse_entry(document["index"], source)
    if index_key in data_keys.values():
        raise KeyConfigError(f"{source} reuses a data key as the index key; they must differ.")
    return Keyring(data_keys, index_id, index_key, _retired_index_keys(document, source, index_id))


def _retired_index_keys(document, source, index_id):
    """The optional ``retired_index`` list: former index keys, kept for verifying the audit trail."""
    entries = document.get("retired_index", [])
    if not isinstance(entries, list):
        raise KeyConfigError(f'{source}: "retired_index" must be a list of keys.')
    retired = {}
    for entry in entries:
        key_id, key = _parse_entry(entry, source)
        if key_id in retired or key_id == index_id:
            raise KeyConfigError(f"{source} lists index key {key_id!r} twice.")
        retired[key_id] = key
    return retired


def _parse_entry(entry, source):
    """Check one ``{"id", "key"}`` entry and return (id, key bytes)."""
    key_id = entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(key_id, str) or not KEY_ID_RE.match(key_id):
        raise KeyConfigError(f"{source} has a key without a valid id (1-32 of A-Z a-z 0-9 _ . -).")
    try:
        key = base64.b64decode(entry.get("key", ""), validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise KeyConfigError(f"{source}: key {key_id!r} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise KeyConfigError(f"{source}: key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}.")
    return key_id, key
