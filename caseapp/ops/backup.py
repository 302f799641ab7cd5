"""Backups: one tar file holding a manifest and the database, as stored (encrypted fields stay encrypted).

PostgreSQL is dumped with ``pg_dump`` in its custom format (one consistent
snapshot while the app keeps writing) and restored with ``pg_restore``;
SQLite is copied with its online backup API. The manifest records the
migration revision and the ids of the keys the data needs, so a restore
can refuse, naming them, when those keys are not configured. The keys
themselves are never in a backup.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore with fixed arguments, no shell
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from caseapp.audit.models import AuditEntry
from caseapp.core.models import utcnow
from caseapp.crypto import get_keyring
from caseapp.crypto.rotation import encrypted_tables, key_usage
from caseapp.extensions import db
from caseapp.ops.services import database_revisions, known_revision, migration_heads

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite"}


class BackupError(RuntimeError):
    """A backup cannot be taken or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds and needs."""

    dialect: str
    created_at: str
    migration_revisions: list
    data_key_ids: list
    index_key_ids: list
    format: int = FORMAT


def take_backup(path):
    """Write a backup of the configured database to ``path`` (mode 0600) and return its manifest."""
    path = Path(path)
    dialect = db.engine.dialect.name
    manifest = _manifest(dialect)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".caseapp-backup-") as work:
        dump = Path(work) / DUMP_NAMES[dialect]
        (_dump_postgresql if dialect == "postgresql" else _dump_sqlite)(dump)
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(asdict(manifest), indent=2).encode())
            archive.add(dump, arcname=dump.name)
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    return manifest


def _manifest(dialect):
    """Read before the dump starts: values written meanwhile use the newest key, which is added too."""
    keyring = get_keyring()
    used = set()
    for counts in key_usage(encrypted_tables()).values():
        used.update(key_id for key_id, n in counts.items() if n)
    index_ids = set(db.session.scalars(select(AuditEntry.key_id).distinct()))
    with db.engine.connect() as connection:
        revisions = sorted(database_revisions(connection))
    db.session.commit()
    return Manifest(dialect=dialect, created_at=utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                    migration_revisions=revisions, data_key_ids=sorted(used | {keyring.newest_id}),
                    index_key_ids=sorted(index_ids | {keyring.index_key_id}))


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(utcnow().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _libpq(url):
    """A libpq connection URI without the password, and an environment carrying it."""
    url = make_url(url)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    # The password stays out of the command line, where other users could read it.
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _dump_postgresql(target):
    uri, env = _libpq(db.engine.url)
    _require(["pg_dump"])
    _run(["pg_dump", "--format=custom", f"--file={target}", f"--dbname={uri}"], env)


def _dump_sqlite(target):
    source = sqlite3.connect(f"file:{db.engine.url.database}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1) reads one snapshot, so writers meanwhile do not make it start over.
        source.backup(copy, pages=-1)
    finally:
        copy.close()
        source.close()


def _require(programs):
    for program in programs:
        if shutil.which(program) is None:
            raise BackupError(f"{program} is not installed: apt-get install postgresql-client "
                              "(the same major version as the server, or newer)")


def read_manifest(path):
    """The manifest of the backup file ``path``."""
    try:
        with tarfile.open(path, "r") as archive:
            member = archive.extractfile(MANIFEST)
            data = json.loads(member.read())
    except (tarfile.TarError, KeyError, ValueError, OSError) as error:
        raise BackupError(f"{path} is not a caseapp backup ({type(error).__name__}).") from None
    if data.get("format") != FORMAT:
        raise BackupError(f"{path} has backup format {data.get('format')}, this caseapp reads {FORMAT}.")
    return Manifest(**data)


def restore_problems(manifest):
    """Why ``manifest``'s backup cannot be restored here: keys not configured, unknown migrations, wrong database."""
    keyring = get_keyring()
    problems = []
    missing = [k for k in manifest.data_key_ids if k not in keyring.data_key_ids]
    if missing:
        problems.append(f"data keys not configured: {', '.join(missing)} (add them to the key document)")
    missing = [k for k in manifest.index_key_ids if k not in keyring.index_key_ids]
    if missing:
        problems.append(f"index keys not configured: {', '.join(missing)} (as index or retired_index)")
    unknown = [r for r in manifest.migration_revisions if not known_revision(r)]
    if unknown:
        problems.append(f"the backup is at migration {', '.join(unknown)}, unknown to this caseapp: "
                        "install the version that made it")
    if manifest.dialect != db.engine.dialect.name:
        problems.append(f"the backup is of {manifest.dialect}, the configured database is {db.engine.dialect.name}")
    return problems


def restore_backup(path):
    """Restore the backup ``path`` into the configured, empty database; return its manifest."""
    manifest = read_manifest(path)
    problems = restore_problems(manifest)
    if problems:
        raise BackupError("Refusing to restore: " + "; ".join(problems) + ".")
    if not _database_is_empty():
        raise BackupError("Refusing to restore: the configured database has tables. "
                          "Restore into a new, empty database and point CASEAPP_DATABASE_URL at it.")
    with tempfile.TemporaryDirectory(prefix=".caseapp-restore-") as work:
        dump = Path(work) / DUMP_NAMES[manifest.dialect]
        with tarfile.open(path, "r") as archive, open(dump, "wb") as out:
            # Only the known member, copied by name: nothing in the archive chooses a path here.
            shutil.copyfileobj(archive.extractfile(dump.name), out)
        (_restore_postgresql if manifest.dialect == "postgresql" else _restore_sqlite)(dump)
    return manifest


def _database_is_empty():
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            query = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        else:
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        return connection.scalar(text(query)) == 0


def _restore_postgresql(dump):
    uri, env = _libpq(db.engine.url)
    _require(["pg_restore"])
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={uri}", str(dump)], env)


def _restore_sqlite(dump):
    db.engine.dispose()
    source, target = sqlite3.connect(dump), sqlite3.connect(db.engine.url.database)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def behind_head(manifest):
    """True when the restored schema is older than this code's migrations (run ``caseapp db upgrade``)."""
    return set(manifest.migration_revisions) != set(migration_heads())
