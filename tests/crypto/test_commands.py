"""``caseapp crypto new-key``; each test asks for ``keyring`` so that init_app has registered the group."""

import json

from caseapp.crypto import decrypt, encrypt
from caseapp.crypto.keys import keyring_from_document, parse_keyring


def run(app, *args):
    """Run ``caseapp crypto`` with ``args`` and return its output."""
    result = app.test_cli_runner().invoke(args=["crypto", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_new_key_prints_a_loadable_key_document(app, keyring):
    """The printed document loads as a keyring that encrypts and decrypts."""
    loaded = parse_keyring(run(app, "new-key"), "new-key output")
    row = "00000000-0000-4000-8000-000000000001"
    stored = encrypt(loaded, "Ana", "persons", "given_names", row)
    assert decrypt(loaded, stored, "persons", "given_names", row) == "Ana"


def test_new_key_is_different_every_time(app, keyring):
    """Two runs never print the same key."""
    assert run(app, "new-key") != run(app, "new-key")


def test_data_only_key_appends_as_the_newest_key(app, keyring, key_document):
    """A ``--data-only`` entry appended to the data list becomes the encrypting key."""
    entry = json.loads(run(app, "new-key", "--data-only"))
    rotated = keyring_from_document({**key_document, "data": [*key_document["data"], entry]}, "rotated")
    assert rotated.newest_id == entry["id"]
