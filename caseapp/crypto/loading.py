"""Load the keyring once per application from DATA_KEYS or DATA_KEYS_FILE."""

import json
import os
from pathlib import Path

from flask import current_app

from caseapp.crypto.errors import KeyConfigError
from caseapp.crypto.keys import generate_keyring, new_keyring_document, parse_keyring

DEV_KEY_FILE = "data-keys.json"
EXTENSION_KEY = "caseapp_crypto"


def load_keyring(app):
    """The keyring configured for ``app``, with development and testing fallbacks."""
    inline, path = app.config.get("DATA_KEYS"), app.config.get("DATA_KEYS_FILE")
    if inline and path:
        raise KeyConfigError("Set CASEAPP_DATA_KEYS or CASEAPP_DATA_KEYS_FILE, not both.")
    if inline:
        return parse_keyring(inline, "CASEAPP_DATA_KEYS")
    if path:
        return read_key_file(path)
    if app.config.get("NAME") == "testing":
        return generate_keyring()
    if app.config.get("NAME") == "development":
        return read_key_file(_development_key_file(app))
    raise KeyConfigError("No data keys: set CASEAPP_DATA_KEYS or CASEAPP_DATA_KEYS_FILE.")


def read_key_file(path):
    """The keyring stored in the key file ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyConfigError(f"Cannot read the key file {path}: {exc.strerror}.") from None
    return parse_keyring(text, f"Key file {path}")


def _development_key_file(app):
    """instance/data-keys.json, created on first use so development needs no set-up."""
    path = Path(app.instance_path) / DEV_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL with mode 0600: never readable by others, never overwrites a key file.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(new_keyring_document(), handle, indent=2)
        app.logger.warning("Created development data keys in %s; losing it loses the encrypted data.", path)
    return path


def get_keyring(app=None):
    """The keyring loaded by ``init_app`` for ``app`` (default: the current app)."""
    # Every encrypted value asks for the keyring: unwrapping the proxy once
    # costs a seventh of reading an attribute through it.
    try:
        return (app or current_app._get_current_object()).extensions[EXTENSION_KEY]
    except KeyError:
        raise KeyConfigError("caseapp.crypto.init_app(app) has not been called for this application.") from None
