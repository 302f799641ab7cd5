"""Loading the keyring from DATA_KEYS, a key file, or the development and testing fallbacks."""

import json
import logging
import stat

import pytest
from flask import Flask

from caseapp.crypto import KeyConfigError, load_keyring
from caseapp.crypto.keys import new_key_entry
from tests.crypto.conftest import write_key_file


def make_app(tmp_path, name="production", **config):
    """A bare Flask app with only the settings key loading reads."""
    app = Flask("keys-test", instance_path=str(tmp_path / "instance"))
    app.config.update({"NAME": name, "DATA_KEYS": None, "DATA_KEYS_FILE": None, **config})
    return app


def test_key_file_is_loaded_with_newest_key_last(tmp_path, rotated_document):
    """A key file's data keys are all usable and the last one encrypts."""
    path = write_key_file(tmp_path / "keys.json", rotated_document)
    keyring = load_keyring(make_app(tmp_path, DATA_KEYS_FILE=str(path)))
    assert keyring.data_key_ids == [entry["id"] for entry in rotated_document["data"]]
    assert keyring.newest_id == rotated_document["data"][-1]["id"]
    assert keyring.index_key_id == rotated_document["index"]["id"]


def test_data_keys_setting_holds_the_document_itself(tmp_path, key_document):
    """CASEAPP_DATA_KEYS takes the JSON document directly."""
    keyring = load_keyring(make_app(tmp_path, DATA_KEYS=json.dumps(key_document)))
    assert keyring.newest_id == key_document["data"][0]["id"]


def test_keyring_repr_shows_ids_but_no_key_material(tmp_path, key_document):
    """Printing the keyring in a log or traceback never reveals a key."""
    keyring = load_keyring(make_app(tmp_path, DATA_KEYS=json.dumps(key_document)))
    assert key_document["data"][0]["id"] in repr(keyring)
    assert key_document["data"][0]["key"] not in repr(keyring)


def test_missing_key_file_is_a_clear_error(tmp_path):
    """A key file path that does not exist is named in the error."""
    with pytest.raises(KeyConfigError, match="Cannot read the key file .*nowhere.json"):
        load_keyring(make_app(tmp_path, DATA_KEYS_FILE=str(tmp_path / "nowhere.json")))


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda doc: "{not json", "not valid JSON"),
        (lambda doc: {"index": doc["index"]}, '"data" list'),
        (lambda doc: {"data": doc["data"]}, '"index" key object'),
        (lambda doc: {**doc, "data": [{"id": "d1", "key": "AAAA"}]}, "must be 32 bytes, not 3"),
        (lambda doc: {**doc, "data": [{"id": "d1", "key": "%%%"}]}, "not valid base64"),
        (lambda doc: {**doc, "data": [{"id": "bad id!", "key": doc["index"]["key"]}]}, "valid id"),
        (lambda doc: {**doc, "data": [doc["data"][0], doc["data"][0]]}, "twice"),
        (lambda doc: {**doc, "data": [doc["index"]]}, "reuses a data key as the index key"),
        (lambda doc: {**doc, "data": []}, "no data key"),
        (lambda doc: {**doc, "retired_index": doc["index"]}, '"retired_index" must be a list'),
        (lambda doc: {**doc, "retired_index": [doc["index"]]}, "index key .* twice"),
        (lambda doc: {**doc, "retired_index": [{"id": "i-old", "key": "AAAA"}]}, "must be 32 bytes, not 3"),
    ],
)
def test_bad_key_file_is_refused_with_the_reason(tmp_path, key_document, mangle, message):
    """Each kind of broken key file stops start-up with a message that says what is wrong."""
    content = mangle(key_document)
    path = tmp_path / "keys.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(KeyConfigError, match=message):
        load_keyring(make_app(tmp_path, DATA_KEYS_FILE=str(path)))


def test_both_settings_at_once_are_refused(tmp_path, key_document):
    """Two key sources would be ambiguous, so setting both is an error."""
    path = write_key_file(tmp_path / "keys.json", key_document)
    with pytest.raises(KeyConfigError, match="not both"):
        load_keyring(make_app(tmp_path, DATA_KEYS=json.dumps(key_document), DATA_KEYS_FILE=str(path)))


def test_production_without_keys_refuses_to_start(tmp_path):
    """Outside development and testing, missing keys are an error, never a generated key."""
    with pytest.raises(KeyConfigError, match="CASEAPP_DATA_KEYS"):
        load_keyring(make_app(tmp_path))


def test_development_creates_a_private_key_file_once(tmp_path, caplog):
    """Development without keys writes instance/data-keys.json (0600), warns, and reuses it."""
    app = make_app(tmp_path, name="development")
    with caplog.at_level(logging.WARNING):
        first = load_keyring(app)
    path = tmp_path / "instance" / "data-keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "data-keys.json" in caplog.text
    assert load_keyring(app).data_key_ids == first.data_key_ids


def test_testing_without_keys_gets_a_fresh_in_memory_keyring(tmp_path):
    """The test configuration needs no key set-up and writes no key file."""
    keyring = load_keyring(make_app(tmp_path, name="testing"))
    assert keyring.newest_id
    assert not (tmp_path / "instance").exists()


def test_retired_index_keys_give_the_audit_key_they_gave_when_current(tmp_path, key_document):
    """An index key moved to retired_index still derives the same audit key; unknown ids get None."""
    before = load_keyring(make_app(tmp_path, DATA_KEYS=json.dumps(key_document)))
    changed = {**key_document, "index": {**new_key_entry("i"), "id": "i-new"},
               "retired_index": [key_document["index"]]}
    after = load_keyring(make_app(tmp_path, DATA_KEYS=json.dumps(changed)))
    old_id = key_document["index"]["id"]
    assert after.index_key_ids == [old_id, "i-new"]
    assert after.audit_key(old_id) == before.audit_key() != after.audit_key()
    assert after.audit_key("i-never") is None
