"""Database plumbing that both SQLite and PostgreSQL need."""

import uuid

from flask import current_app, g, has_request_context, request
from sqlalchemy import event, func, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from caseapp.extensions import db


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLAC"})
READING = "caseapp_reading"
WRITING = "caseapp_writing"


class ReadTransactionWrite(RuntimeError):
    """A GET's read transaction tried to write; on SQLite it could not wait for the write lock."""


class UUIDPrimaryKey:
    """Mixin: an application-made UUID primary key (no guessable ids in URLs)."""

    id: Mapped[uuid.UUID] = mapped_column(db.Uuid, primary_key=True, default=uuid.uuid4)


def filter_only(column):
    """``column`` as an expression the database can filter on but never drive a query from.

    Nearly every person shares the organisation, yet without table statistics
    (SQLite never gathers them by itself; PostgreSQL only once autovacuum has
    analysed) both databases drive "organisation = ? AND blind index = ?"
    from the organisation's index and read the whole organisation. No index
    covers COALESCE(column, column), so the selective index drives the query
    and the organisation is checked on the rows it finds.
    """
    return func.coalesce(column, column)


def refresh_statistics():
    """Have the database measure its tables, so its query planner knows how selective each index is.

    SQLite never gathers these statistics by itself, and PostgreSQL only once
    autovacuum gets round to it; after a bulk load, plans chosen blind can
    read a whole organisation where an index would read a few rows. On
    PostgreSQL, VACUUM also marks the pages whose rows every transaction sees,
    which lets a count or a page of ids come from the index alone (four times
    faster on the case list after a bulk load).
    """
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
        db.session.execute(text("PRAGMA optimize"))
        db.session.commit()
        return
    # The application's own tables only (a bare VACUUM also takes the shared catalogs). SKIP_LOCKED
    # passes over a table another session holds, and TRUNCATE FALSE keeps it from waiting up to five
    # seconds a table for the lock that returning empty end pages to the disk needs: neither is what
    # this is for, and a long transaction elsewhere must not hold it up. VACUUM refuses to run inside
    # a transaction block.
    tables = ", ".join(db.engine.dialect.identifier_preparer.quote(name) for name in sorted(db.metadata.tables))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"VACUUM (ANALYZE, SKIP_LOCKED, TRUNCATE FALSE) {tables}"))


def init_app(app):
    """Make SQLite behave: foreign keys on, real transactions and savepoints, writers that wait their turn."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _configure_sqlite(db.engine)


def _configure_sqlite(engine: Engine):
    # pysqlite starts transactions lazily and breaks SAVEPOINT; SQLAlchemy's
    # documented fix is to switch its handling off and emit BEGIN ourselves.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Write-ahead logging lets pages be read while a batch job (key rotation,
        # retention) writes, and NORMAL sync in WAL mode stays crash-safe for the
        # database while skipping one fsync per commit.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A 64 MiB page cache instead of SQLite's 2 MiB: rebuilding blind indexes
        # rewrites index pages all over the file (measured: index rebuild 10k -> 12k rows/s).
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        statement = begin_statement()
        connection.info[READING] = statement == "BEGIN" and has_request_context()
        connection.exec_driver_sql(statement)

    @event.listens_for(engine, "before_cursor_execute")
    def _refuse_writes_while_reading(connection, _cursor, statement, *_args):
        if connection.info.get(READING) and statement.lstrip()[:6].upper() in WRITES:
            raise ReadTransactionWrite(f"{request.method} {request.endpoint} wrote in its read transaction: "
                                       "write after core.database.start_writing(), or mark the view writes_on_read.")

    for name in ("commit", "rollback"):
        event.listen(engine, name, lambda connection: connection.info.pop(READING, None))


def begin_statement():
    """How a SQLite transaction starts: BEGIN IMMEDIATE while handling a request that writes, else BEGIN.

    In WAL mode a transaction that has read and then writes cannot wait for
    the write lock: if another connection committed since its first read,
    SQLite refuses at once with "database is locked" and the busy timeout
    never applies. Nearly every writing transaction reads first (the user is
    loaded before their session's last-seen time moves, the case before its
    note is added), so a request that writes takes the write lock when its
    transaction begins and waits for it within the busy timeout; one writer
    at a time is all SQLite allows anyway.

    A GET, though, only reads: taking the write lock for it made two workers
    serve one page at a time. Its transaction begins as a plain read, which
    any number share. What a GET does write (its audit entries of personal
    data shown, the session's last-seen time) is written after the page is
    made, in a transaction of its own that ``start_writing`` begins with the
    write lock. A read transaction that tries to write is refused at once
    (``ReadTransactionWrite``), not only when another writer happened to
    commit meanwhile, so the mistake shows in every test run.

    Commands keep plain BEGIN: their transactions are read-only (verify,
    status, exports) or write before they read (the rotation's
    compare-and-set batches), and a long read such as ``audit verify`` must
    not hold up the application's writers.
    """
    if not has_request_context():
        return "BEGIN"
    return "BEGIN" if _reading_request() else "BEGIN IMMEDIATE"


def start_writing():
    """End the request's read transaction: its next transaction may write (on SQLite, under the write lock)."""
    db.session.rollback()
    g.setdefault(WRITING, True)


def writes_on_read(view):
    """Mark a GET view that writes in its own transaction (a download recorded as a change)."""
    view.writes_on_read = True
    return view


def _reading_request():
    view = current_app.view_functions.get(request.endpoint)
    return (request.method in SAFE_METHODS and not g.get(WRITING)
            and not getattr(view, "writes_on_read", False))
