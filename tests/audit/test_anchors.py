"""`caseapp audit anchor` and verify against the last anchor: truncation at the end is caught.

Also: entries chained under a retired index key still verify when the key
document keeps it in ``retired_index``.
"""

import json
import socket

import pytest

from caseapp import crypto
from caseapp.crypto.keys import keyring_from_document, new_key_entry
from tests.audit.test_chain import ENTRIES, _append, _broken_at, _tamper, _verify
from tests.conftest import run_cli


@pytest.fixture
def anchored(committed_db, tmp_path, monkeypatch):
    """A committed chain of ENTRIES entries, anchored once to a file; returns (app, anchor file)."""
    path = tmp_path / "anchors.jsonl"
    monkeypatch.setitem(committed_db.config, "AUDIT_ANCHOR", str(path))
    _append(committed_db, ENTRIES)
    result = run_cli(committed_db, ["audit", "anchor"])
    assert result.exit_code == 0, result.output
    return committed_db, path


def test_an_anchor_records_the_signed_head_outside_the_database(anchored):
    """The file holds the last entry's sequence and hash with a signature; verify matches it."""
    app, path = anchored
    anchor = json.loads(path.read_text().splitlines()[-1])
    assert anchor["sequence"] == ENTRIES and len(anchor["hash"]) == 64 and len(anchor["signature"]) == 64
    result = _verify(app)
    assert result.exit_code == 0
    assert f"head {ENTRIES} {anchor['hash']}" in result.output
    assert f"matches the last anchor ({anchor['anchored_at']}, entry {ENTRIES})" in result.output


def test_entries_removed_from_the_end_are_reported_as_truncation(anchored):
    """Deleting the last three entries leaves a valid chain, but not the anchored one."""
    app, _ = anchored
    _tamper(app, f"DELETE FROM audit_entries WHERE sequence > {ENTRIES - 3}")
    result = _verify(app)
    _broken_at(result, ENTRIES - 2, "truncated")
    assert f"entries {ENTRIES - 2} to {ENTRIES} were removed from the end" in result.output


def test_a_chain_shortened_and_regrown_is_caught(anchored):
    """Entries removed and new ones appended up to the same length: the anchored entry is not the same."""
    app, _ = anchored
    _tamper(app, f"DELETE FROM audit_entries WHERE sequence > {ENTRIES - 3}")
    _append(app, 3, action="sign_in.success")
    _broken_at(_verify(app), ENTRIES, "rewritten")


def test_an_altered_anchor_is_not_believed(anchored):
    """An anchor whose sequence was lowered to hide a truncation fails its signature."""
    app, path = anchored
    anchor = json.loads(path.read_text().splitlines()[-1])
    path.write_text(json.dumps({**anchor, "sequence": ENTRIES - 3}) + "\n")
    _broken_at(_verify(app), ENTRIES - 3, "forged anchor")


def test_anchoring_refuses_a_broken_chain(anchored):
    """A truncated chain is not anchored again (that would bless the truncation)."""
    app, path = anchored
    _tamper(app, f"DELETE FROM audit_entries WHERE sequence > {ENTRIES - 1}")
    result = run_cli(app, ["audit", "anchor"])
    assert result.exit_code == 1 and "not anchored" in result.output and "(truncated)" in result.output
    assert len(path.read_text().splitlines()) == 1


def test_verify_before_the_first_anchor_says_so(committed_db, tmp_path, monkeypatch):
    """With an anchor file configured but not written yet, verify checks the chain and says so."""
    monkeypatch.setitem(committed_db.config, "AUDIT_ANCHOR", str(tmp_path / "anchors.jsonl"))
    _append(committed_db, 2)
    result = _verify(committed_db)
    assert result.exit_code == 0 and "no anchor to compare with yet" in result.output


def test_anchors_can_go_to_syslog_and_be_checked_from_a_copied_line(committed_db, tmp_path, monkeypatch):
    """With syslog://host:port the anchor goes to that syslog server; verify reads the logged line back."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.settimeout(10)
        monkeypatch.setitem(committed_db.config, "AUDIT_ANCHOR", f"syslog://127.0.0.1:{server.getsockname()[1]}")
        _append(committed_db, 3)
        assert run_cli(committed_db, ["audit", "anchor"]).exit_code == 0
        message = server.recv(65536).decode()
    assert "caseapp-audit-anchor " in message
    copied = tmp_path / "syslog-copy.log"
    copied.write_text(f"Nov 28 12:00:00 host {message.strip()}\n")
    _append(committed_db, 1)
    assert _verify(committed_db, "--anchor-file", str(copied)).exit_code == 0
    _tamper(committed_db, "DELETE FROM audit_entries WHERE sequence > 2")
    _broken_at(_verify(committed_db, "--anchor-file", str(copied)), 3, "truncated")


def test_entries_under_a_retired_index_key_still_verify(anchored, key_document):
    """After an index key change, the old key kept in retired_index verifies old entries and the old anchor."""
    app, _ = anchored
    changed = {**key_document, "index": new_key_entry("i"), "retired_index": [key_document["index"]]}
    app.extensions[crypto.EXTENSION_KEY] = keyring_from_document(changed, "changed keys")
    _append(app, 3)
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert f"audit chain intact: {ENTRIES + 3} entries" in result.output
    without = {**changed, "retired_index": []}
    app.extensions[crypto.EXTENSION_KEY] = keyring_from_document(without, "keys without the retired one")
    _broken_at(_verify(app), 1, "unknown key")
