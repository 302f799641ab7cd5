"""`caseapp backup` and `caseapp restore`: a consistent copy while the app writes, readable with the same keys.

Runs on the suite's database kind: pg_dump/pg_restore on PostgreSQL, the
online backup API on SQLite.
"""

import json
import shutil
import subprocess
import tarfile
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from caseapp import create_app
from caseapp.audit import services as audit
from caseapp.audit.models import AuditEntry
from caseapp.auth.models import Role
from caseapp.auth.services import create_user
from caseapp.crypto.keys import new_keyring_document
from caseapp.extensions import db
from caseapp.ops.backup import read_manifest
from caseapp.orgs.models import OrganisationKind
from caseapp.orgs.services import create_organisation
from caseapp.persons.models import Person
from caseapp.persons.services import PersonData, create_person
from tests.conftest import PASSWORD, run_cli
from tests.databases import _admin_execute, _create_scratch_database

CANARY = "Backupcanaria"


@contextmanager
def empty_database(source_app, tmp_path, key_document):
    """An app on a new database with no tables, of the same kind as ``source_app``'s."""
    source_url = source_app.config["SQLALCHEMY_DATABASE_URI"]
    name = f"caseapp_restore_{uuid.uuid4().hex[:12]}"
    url = _create_scratch_database(source_url, name) if source_url.startswith("postgresql") else \
        f"sqlite:///{tmp_path / name}.sqlite"
    application = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url,
                                                   "DATA_KEYS": json.dumps(key_document)})
    try:
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        if url.startswith("postgresql"):
            _admin_execute(source_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Writer(threading.Thread):
    """Keeps adding persons (encrypted names) and audit entries, one commit each, until stopped."""

    def __init__(self, app, organisation_id, user_id):
        super().__init__(daemon=True)
        self.app, self.organisation_id, self.user_id = app, organisation_id, user_id
        self.committed, self.stop, self.errors = [], threading.Event(), []

    def run(self):
        """Write until stopped; keep (person id, name) of every commit that returned."""
        with self.app.app_context():
            number = 0
            while not self.stop.is_set():
                number += 1
                name = f"{CANARY}{number}"
                try:
                    person = create_person(self.organisation_id, self.user_id,
                                           PersonData(given_names=name, family_name=name))
                    audit.append("person.view", organisation_id=self.organisation_id, actor_id=self.user_id,
                                 target_type="person", target_id=person.id)
                    db.session.commit()
                    self.committed.append((person.id, name))
                except Exception as error:  # SQLite may refuse a writer for a moment; try again
                    db.session.rollback()
                    self.errors.append(error)
                    time.sleep(0.01)


def _seed(app):
    with app.app_context():
        organisation = create_organisation(name="Backup NGO", kind=OrganisationKind.NGO)
        user = create_user(email="backup@example.org", display_name="B", role=Role.COORDINATOR,
                           password=PASSWORD, organisation=organisation)
        db.session.commit()
        return organisation.id, user.id


def _rows(app, ids):
    """Every column of the persons ``ids`` and every audit entry, as stored."""
    with app.app_context():
        persons = {row["id"]: dict(row) for row in db.session.execute(
            select(Person.__table__).where(Person.id.in_(ids))).mappings()}
        entries = {row["sequence"]: dict(row) for row in db.session.execute(select(AuditEntry.__table__)).mappings()}
        db.session.rollback()
        return persons, entries


def _dump_text(path, tmp_path):
    """The database inside the backup as text: SQL from pg_restore, or the raw SQLite file."""
    with tarfile.open(path) as archive:
        names = archive.getnames()
        dump = next(n for n in names if n.startswith("database."))
        data = archive.extractfile(dump).read()
    if dump.endswith(".pgdump"):
        target = tmp_path / dump
        target.write_bytes(data)
        return subprocess.run([shutil.which("pg_restore"), "-f", "-", str(target)], capture_output=True,
                              check=True).stdout
    return data


def test_a_backup_taken_while_writing_restores_every_earlier_row(committed_db, key_document, tmp_path):
    """Rows committed before the backup began come back equal and readable, and the audit chain verifies."""
    writer = Writer(committed_db, *_seed(committed_db))
    writer.start()
    deadline = time.monotonic() + 60
    while len(writer.committed) < 20:
        assert time.monotonic() < deadline, f"the writer does not commit: {writer.errors[-1:]}"
        time.sleep(0.05)
    before = list(writer.committed)
    path = tmp_path / "backup.tar"
    result = run_cli(committed_db, ["backup", "--output", str(path)])
    time.sleep(0.3)  # the writer goes on after the backup too
    writer.stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert len(writer.committed) > len(before)

    ids = [person_id for person_id, _ in before]
    original_persons, original_entries = _rows(committed_db, ids)
    with empty_database(committed_db, tmp_path, key_document) as restored:
        restore = run_cli(restored, ["restore", str(path)])
        assert restore.exit_code == 0, restore.output
        persons, entries = _rows(restored, ids)
        assert persons == original_persons
        last_before = max(s for s, e in original_entries.items() if e["target_id"] == str(before[-1][0]))
        assert all(entries[s] == original_entries[s] for s in range(1, last_before + 1))
        with restored.app_context():
            names = {p.id: p.given_names for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))}
        assert names == dict(before)
        verify = run_cli(restored, ["audit", "verify"])
        assert verify.exit_code == 0 and "audit chain intact" in verify.output, verify.output


def test_a_backup_keeps_encrypted_fields_encrypted_and_names_the_keys_it_needs(committed_db, key_document,
                                                                               tmp_path):
    """No name is readable in the backup; its manifest lists the data and index key ids, never a key."""
    organisation_id, user_id = _seed(committed_db)
    with committed_db.app_context():
        create_person(organisation_id, user_id, PersonData(given_names=CANARY, family_name=CANARY))
        db.session.commit()
    path = tmp_path / "backup.tar"
    assert run_cli(committed_db, ["backup", "-o", str(path)]).exit_code == 0
    assert CANARY.encode() not in _dump_text(path, tmp_path)
    manifest = read_manifest(path)
    assert manifest.data_key_ids == [key_document["data"][0]["id"]]
    assert manifest.index_key_ids == [key_document["index"]["id"]]
    with tarfile.open(path) as archive:
        text = archive.extractfile("manifest.json").read().decode()
    assert key_document["data"][0]["key"] not in text and key_document["index"]["key"] not in text
    assert path.stat().st_mode & 0o077 == 0


def test_restore_refuses_a_backup_whose_keys_are_not_configured(committed_db, key_document, tmp_path):
    """Restoring with other keys stops before touching the database and names the missing key ids."""
    _seed(committed_db)
    path = tmp_path / "backup.tar"
    assert run_cli(committed_db, ["backup", "-o", str(path)]).exit_code == 0
    with empty_database(committed_db, tmp_path, new_keyring_document()) as restored:
        result = run_cli(restored, ["restore", str(path)])
        assert result.exit_code == 1
        assert f"data keys not configured: {key_document['data'][0]['id']}" in result.output
        assert f"index keys not configured: {key_document['index']['id']}" in result.output
        with restored.app_context():
            assert db.inspect(db.engine).get_table_names() == []


def test_restore_refuses_a_database_that_is_not_empty(committed_db, tmp_path):
    """Restoring over a database with tables is refused: nothing is overwritten."""
    path = tmp_path / "backup.tar"
    assert run_cli(committed_db, ["backup", "-o", str(path)]).exit_code == 0
    result = run_cli(committed_db, ["restore", str(path)])
    assert result.exit_code == 1 and "Restore into a new, empty database" in result.output


@pytest.mark.parametrize("content", [b"not a tar file", b""])
def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path, content):
    """A wrong file is named as not a caseapp backup."""
    path = tmp_path / "other.tar"
    path.write_bytes(content)
    result = run_cli(app, ["restore", str(path)])
    assert result.exit_code == 1 and "is not a caseapp backup" in result.output
