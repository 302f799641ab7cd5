"""AES-256-GCM field encryption bound to table, column and row id.

Stored value layout (format version 1)::

    version (1 byte, 0x01) | key id length n (1 byte) | key id (n ASCII bytes)
    | nonce (12 bytes) | AES-GCM ciphertext with its 16-byte tag

The associated data is the header (version and key id) followed by the
table name, the column name and the row's UUID, so a value copied to
another row or column, or relabelled with another key id, fails to decrypt.
"""

import functools
import os
import uuid

from cryptography.exceptions import InvalidTag

from caseapp.crypto.errors import DecryptionError

FORMAT_VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16


def encrypt(keyring, plaintext, table, column, row_id):
    """Encrypt the text ``plaintext`` for one cell under the newest data key."""
    return seal(keyring, plaintext.encode("utf-8"), cell_binding(table, column, row_id))


def decrypt(keyring, stored, table, column, row_id):
    """Decrypt one cell's stored value, refusing it if it belongs elsewhere or was altered."""
    binding = cell_binding(table, column, row_id)
    return unseal(keyring, stored, binding, (table, column, row_id)).decode("utf-8")


def reencrypt(keyring, stored, table, column, row_id):
    """Re-encrypt a stored value under the newest key (key rotation); unchanged if already newest."""
    if under_newest_key(keyring, stored):
        return stored
    binding = cell_binding(table, column, row_id)
    return seal(keyring, unseal(keyring, stored, binding, (table, column, row_id)), binding)


def seal(keyring, data, binding):
    """The stored form of the bytes ``data`` under the newest key, for the cell ``binding`` describes."""
    header, cipher = keyring.sealing
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + cipher.encrypt(nonce, data, header + binding)


def unseal(keyring, stored, binding, cell):
    """The plaintext bytes of a stored value; ``cell`` is (table, column, row id), named in errors."""
    stored = bytes(stored)
    if len(stored) < 2 or stored[0] != FORMAT_VERSION:
        raise DecryptionError(*cell, "unknown ciphertext format version")
    nonce_at = 2 + stored[1]
    sealed_at = nonce_at + NONCE_BYTES
    if len(stored) < sealed_at + TAG_BYTES:
        raise DecryptionError(*cell, "the stored value is truncated")
    cipher = keyring.cipher(stored[2:nonce_at].decode("ascii", "replace"))
    try:
        return cipher.decrypt(stored[nonce_at:sealed_at], stored[sealed_at:], stored[:nonce_at] + binding)
    except InvalidTag:
        raise DecryptionError(*cell, "the value was altered or belongs to another row or column") from None


def cell_binding(table, column, row_id):
    """The associated data after the header: table, column and row id."""
    return cell_prefix(table, column) + row_bytes(row_id)


@functools.lru_cache(maxsize=256)
def cell_prefix(table, column):
    """The table and column part of the associated data."""
    # NUL cannot occur in SQL identifiers, so the fields cannot run into each other.
    return table.encode() + b"\x00" + column.encode() + b"\x00"


def row_bytes(row_id):
    """The 16 bytes of a row's UUID (given as a UUID or its text)."""
    return row_id.bytes if isinstance(row_id, uuid.UUID) else uuid.UUID(str(row_id)).bytes


def under_newest_key(keyring, stored):
    """True when ``stored`` was encrypted with the newest data key (read from its header, no decryption)."""
    # The header carries the key id's length, so one id can never be a prefix of another's header.
    return bytes(stored).startswith(keyring.sealing[0])


def key_id_of(stored):
    """The id of the data key a stored value was encrypted with, read without decrypting."""
    if len(stored) < 2 or stored[0] != FORMAT_VERSION:
        raise ValueError("not a caseapp ciphertext of a known format version")
    return bytes(stored[2:2 + stored[1]]).decode("ascii")


@functools.lru_cache(maxsize=64)
def key_header(key_id):
    """The first bytes of every value stored under ``key_id``: version byte, key id length and key id."""
    raw_id = key_id.encode("ascii")
    return bytes([FORMAT_VERSION, len(raw_id)]) + raw_id
