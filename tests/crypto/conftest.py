"""Fixtures for the crypto tests: the app's keyring and key documents."""

import json

import pytest

from caseapp import crypto
from caseapp.crypto.keys import keyring_from_document, new_key_entry


@pytest.fixture
def keyring(app):
    """The keyring of the test app (loaded once, as the app factory does)."""
    if crypto.EXTENSION_KEY not in app.extensions:
        crypto.init_app(app)
    return crypto.get_keyring(app)


@pytest.fixture
def rotated_document(key_document):
    """``key_document`` with a second, newer data key appended."""
    return {**key_document, "data": [*key_document["data"], new_key_entry("d")]}


@pytest.fixture
def use_keys(app):
    """Switch the test app to the keyring of a key document; the original comes back afterwards."""
    original = app.extensions[crypto.EXTENSION_KEY]

    def switch(document, target=app):
        target.extensions[crypto.EXTENSION_KEY] = keyring_from_document(document, "test keys")
        return target.extensions[crypto.EXTENSION_KEY]

    yield switch
    app.extensions[crypto.EXTENSION_KEY] = original


def write_key_file(path, document):
    """Write ``document`` as a JSON key file and return its path."""
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
