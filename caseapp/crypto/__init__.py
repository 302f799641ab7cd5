"""Application-level field encryption and blind indexes.

Keys never live in the database and are never derived from SECRET_KEY. They
come from ``DATA_KEYS`` (env ``CASEAPP_DATA_KEYS``: the JSON document itself)
or ``DATA_KEYS_FILE`` (env ``CASEAPP_DATA_KEYS_FILE``: a path to a file
holding it; keep it mode 0600). The document is::

    {
      "data":  [{"id": "d-1a2b3c4d", "key": "<base64 of 32 random bytes>"}, ...],
      "index": {"id": "i-5e6f7a8b", "key": "<base64 of 32 random bytes>"}
    }

``data`` lists the AES-256-GCM data keys oldest first: the LAST one encrypts
new values, every listed one decrypts. To rotate, append a new entry
(``caseapp crypto new-key --data-only``) and re-encrypt; remove an old key
only when no value uses it any more. ``index`` is the blind-index root key,
separate key material from the data keys; per-column index keys are derived
from it with HKDF. Changing it invalidates every blind index. Key ids are
1-32 characters of ``A-Z a-z 0-9 _ . -``.

Without configured keys, the ``testing`` configuration uses a random
in-memory keyring and ``development`` creates ``instance/data-keys.json``
(mode 0600) on first start; production refuses to start.

Models declare encrypted attributes in one line (see ``fields``)::

    given_names = encrypted("given_names", index=normalise_name)
"""

from caseapp.crypto.blind_index import (
    blind_index,
    compound_blind_index,
    normalise_date,
    normalise_name,
    normalise_phone,
    normalise_year,
)
from caseapp.crypto.cipher import decrypt, encrypt, key_id_of, reencrypt
from caseapp.crypto.errors import CryptoError, DecryptionError, KeyConfigError, UnknownKeyError
from caseapp.crypto.fields import RowIndex, encrypted, encrypted_columns
from caseapp.crypto.loading import EXTENSION_KEY, get_keyring, load_keyring

__all__ = [
    "CryptoError", "DecryptionError", "KeyConfigError", "RowIndex", "UnknownKeyError",
    "blind_index", "compound_blind_index", "decrypt", "encrypt", "encrypted", "encrypted_columns",
    "get_keyring", "init_app", "key_id_of", "normalise_date", "normalise_name", "normalise_phone",
    "normalise_year", "reencrypt",
]


def init_app(app):
    """Load the keyring once for ``app`` and register the ``caseapp crypto`` commands."""
    from caseapp.crypto.commands import crypto_cli

    app.extensions[EXTENSION_KEY] = load_keyring(app)
    app.cli.add_command(crypto_cli)
