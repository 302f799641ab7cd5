"""AES-256-GCM field encryption bound to table, column and row id.

Stored value layout (format version 1)::

    version (1 byte, 0x01) | key id length n (1 byte) | key id (n ASCII bytes)
    | nonce (12 bytes) | AES-GCM ciphertext with its 16-byte tag

The associated data is the header (version and key id) followed by the
table name, the column name and the row's UUID, so a value copied to
another row or column, or relabelled with another key id, fails to decrypt.
"""

import os
import uuid

from cryptography.exceptions import InvalidTag

from caseapp.crypto.errors import DecryptionError

FORMAT_VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16


def encrypt(keyring, plaintext, table, column, row_id):
    """Encrypt the text ``plaintext`` for one cell under the newest data key."""
    return _seal(keyring, plaintext.encode("utf-8"), _binding(table, column, row_id))


def decrypt(keyring, stored, table, column, row_id):
    """Decrypt one cell's stored value, refusing it if it belongs elsewhere or was altered."""
    return _open(keyring, stored, table, column, row_id, _binding(table, column, row_id)).decode("utf-8")


def reencrypt(keyring, stored, table, column, row_id):
    """Re-encrypt a stored value under the newest key (key rotation); unchanged if already newest."""
    if key_id_of(stored) == keyring.newest_id:
        return stored
    binding = _binding(table, column, row_id)
    return _seal(keyring, _open(keyring, stored, table, column, row_id, binding), binding)


def key_id_of(stored):
    """The id of the data key a stored value was encrypted with, read without decrypting."""
    if len(stored) < 2 or stored[0] != FORMAT_VERSION:
        raise ValueError("not a caseapp ciphertext of a known format version")
    return bytes(stored[2:2 + stored[1]]).decode("ascii")


def key_header(key_id):
    """The first bytes of every value stored under ``key_id``: version byte, key id length and key id."""
    raw_id = key_id.encode("ascii")
    return bytes([FORMAT_VERSION, len(raw_id)]) + raw_id


def _seal(keyring, data, binding):
    """Header, nonce and AES-GCM ciphertext of ``data`` under the newest key."""
    header = key_header(keyring.newest_id)
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + keyring.cipher(keyring.newest_id).encrypt(nonce, data, header + binding)


def _open(keyring, stored, table, column, row_id, binding):
    """The plaintext bytes of a stored value whose cell is described by ``binding``."""
    key_id, header, body = _split(stored, table, column, row_id)
    cipher = keyring.cipher(key_id)
    try:
        return cipher.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], header + binding)
    except InvalidTag:
        reason = "the value was altered or belongs to another row or column"
        raise DecryptionError(table, column, row_id, reason) from None


def _split(stored, table, column, row_id):
    """Split a stored value into key id, header and nonce-plus-ciphertext."""
    stored = bytes(stored)
    if len(stored) < 2 or stored[0] != FORMAT_VERSION:
        raise DecryptionError(table, column, row_id, "unknown ciphertext format version")
    end = 2 + stored[1]
    if len(stored) < end + NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(table, column, row_id, "the stored value is truncated")
    return stored[2:end].decode("ascii", "replace"), stored[:end], stored[end:]


def _binding(table, column, row_id):
    """The associated data after the header: table, column and row id."""
    # NUL cannot occur in SQL identifiers, so the fields cannot run into each other.
    row = row_id.bytes if isinstance(row_id, uuid.UUID) else uuid.UUID(str(row_id)).bytes
    return b"\x00".join((table.encode(), column.encode(), row))
