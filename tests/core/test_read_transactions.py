"""On SQLite a page only reads: its transaction shares the database, and what it writes waits its turn.

Taking the write lock for every GET made two workers serve one page at a
time. These tests hold a page's transaction open and check that a writer
elsewhere is not kept waiting, that a write inside the page's read
transaction is refused at once, and that ``start_writing`` gives the page's
own writes a transaction that may write even after another writer committed.
"""

import sqlite3
import uuid

import pytest
from sqlalchemy import text

from caseapp import create_app
from caseapp.core.database import ReadTransactionWrite, begin_statement, start_writing
from caseapp.extensions import db


@pytest.fixture
def sqlite_file_db(tmp_path, database_url):
    """An app on its own SQLite file with one table, whose writes are really committed."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's transactions only")
    path = tmp_path / "reads.sqlite"
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE notes (body TEXT)"))
        yield app, path
        db.session.remove()
        db.engine.dispose()


def _writer_waits(path):
    """True when another connection cannot take the write lock at once."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        other.close()


def _commit_elsewhere(path):
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("INSERT INTO notes VALUES ('written by another worker')")
    other.close()


def test_a_page_being_read_leaves_the_write_lock_free(sqlite_file_db):
    """During a GET another worker can write at once; during a POST it waits its turn."""
    app, path = sqlite_file_db
    with app.test_request_context("/cases/", method="GET"):
        db.session.execute(text("SELECT count(*) FROM notes"))
        assert not _writer_waits(path)
        db.session.rollback()
    with app.test_request_context("/cases/", method="POST"):
        db.session.execute(text("SELECT count(*) FROM notes"))
        assert _writer_waits(path)
        db.session.rollback()


def test_a_write_in_a_pages_read_transaction_is_refused_at_once(sqlite_file_db):
    """Not only when another writer happened to commit meanwhile: every time, so tests catch it."""
    app, _path = sqlite_file_db
    with app.test_request_context("/cases/", method="GET"):
        db.session.execute(text("SELECT count(*) FROM notes"))
        with pytest.raises(ReadTransactionWrite, match="GET cases.index wrote in its read transaction"):
            db.session.execute(text("INSERT INTO notes VALUES ('audit entry')"))
        db.session.rollback()


def test_start_writing_lets_a_page_write_after_another_worker_committed(sqlite_file_db):
    """The page read, another worker committed, then the page's own entry is written and kept."""
    app, path = sqlite_file_db
    with app.test_request_context("/cases/", method="GET"):
        db.session.execute(text("SELECT count(*) FROM notes"))
        _commit_elsewhere(path)
        start_writing()
        db.session.execute(text("INSERT INTO notes VALUES ('audit entry')"))
        db.session.commit()
        assert db.session.scalar(text("SELECT count(*) FROM notes")) == 2


def test_a_download_recorded_as_a_change_begins_with_the_write_lock(sqlite_file_db):
    """A GET view marked writes_on_read (a statistics file download) writes in its own transaction."""
    app, _path = sqlite_file_db
    with app.test_request_context(f"/stats/releases/{uuid.uuid4()}/files/csv", method="GET"):
        assert begin_statement() == "BEGIN IMMEDIATE"
    with app.test_request_context("/cases/", method="GET"):
        assert begin_statement() == "BEGIN"
