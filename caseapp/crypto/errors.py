"""Errors of field encryption; their messages never contain a plaintext or a key."""


class CryptoError(Exception):
    """Base class of every field-encryption error."""


class KeyConfigError(CryptoError):
    """The configured keys cannot be loaded; the message says what is wrong."""


class UnknownKeyError(CryptoError):
    """A ciphertext names a data key that is not in the keyring."""

    def __init__(self, key_id):
        self.key_id = key_id
        super().__init__(
            f"Data key {key_id!r} is not in the keyring; add it back to DATA_KEYS or DATA_KEYS_FILE."
        )


class DecryptionError(CryptoError):
    """A stored value does not decrypt for this table, column and row."""

    def __init__(self, table, column, row_id, reason):
        self.table, self.column, self.row_id = table, column, row_id
        super().__init__(f"Cannot decrypt {table}.{column} of row {row_id}: {reason}")
