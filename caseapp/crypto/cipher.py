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
    key_id = keyring.newest_id
    header = _header(key_id)
    nonce = os.urandom(NONCE_BYTES)
    aad = _associated_data(header, table, column, row_id)
    sealed = keyring.cipher(key_id).encrypt(nonce, plaintext.encode("utf-8"), aad)
    return header + nonce + sealed


def decrypt(keyring, stored, table, column, row_id):
    """Decrypt one cell's stored value, refusing it if it belongs elsewhere or was altered."""
    key_id, header, body = _split(stored, table, column, row_id)
    cipher = keyring.cipher(key_id)
    nonce, sealed = body[:NONCE_BYTES], body[NONCE_BYTES:]
    try:
        plain = cipher.decrypt(nonce, sealed, _associated_data(header, table, column, row_id))
    except InvalidTag:
        reason = "the value was altered or belongs to another row or column"
        raise DecryptionError(table, column, row_id, reason) from None
    return plain.decode("utf-8")


def reencrypt(keyring, stored, table, column, row_id):
    """Re-encrypt a stored value under the newest key (key rotation); unchanged if already newest."""
    if key_id_of(stored) == keyring.newest_id:
        return stored
    return encrypt(keyring, decrypt(keyring, stored, table, column, row_id), table, column, row_id)


def key_id_of(stored):
    """The id of the data key a stored value was encrypted with, read without decrypting."""
    if len(stored) < 2 or stored[0] != FORMAT_VERSION:
        raise ValueError("not a caseapp ciphertext of a known format version")
    return bytes(stored[2:2 + stored[1]]).decode("ascii")


def _header(key_id):
    """Version byte, key id length and key id."""
    raw_id = key_id.encode("ascii")
    return bytes([FORMAT_VERSION, len(raw_id)]) + raw_id


def _split(stored, table, column, row_id):
    """Split a stored value into key id, header and nonce-plus-ciphertext."""
    stored = bytes(stored)
    if len(stored) < 2 or stored[0] != FORMAT_VERSION:
        raise DecryptionError(table, column, row_id, "unknown ciphertext format version")
    end = 2 + stored[1]
    if len(stored) < end + NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(table, column, row_id, "the stored value is truncated")
    return stored[2:end].decode("ascii", "replace"), stored[:end], stored[end:]


def _associated_data(header, table, column, row_id):
    # NUL cannot occur in SQL identifiers, so the fields cannot run into each other.
    row = row_id.bytes if isinstance(row_id, uuid.UUID) else uuid.UUID(str(row_id)).bytes
    return header + b"\x00".join((table.encode(), column.encode(), row))
