"""Database plumbing that both SQLite and PostgreSQL need."""

import uuid

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.functions import FunctionElement

from caseapp.extensions import db


class UUIDPrimaryKey:
    """Mixin: an application-made UUID primary key (no guessable ids in URLs)."""

    id: Mapped[uuid.UUID] = mapped_column(db.Uuid, primary_key=True, default=uuid.uuid4)


class filter_only(FunctionElement):  # noqa: N801 - reads like the SQL expression it builds
    """A column to filter on but never to drive a query from, e.g. ``filter_only(Person.organisation_id)``.

    Without table statistics SQLite drives "organisation = ? AND blind index
    = ?" from the organisation index and reads the whole organisation; its
    documented unary "+" takes a column out of index selection. Other
    databases plan from statistics and get the plain column.
    """

    inherit_cache = True

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


@compiles(filter_only)
def _filter_only(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(filter_only, "sqlite")
def _filter_only_sqlite(element, compiler, **kw):
    return "+" + compiler.process(element.clauses, **kw)


def init_app(app):
    """Make SQLite behave: foreign keys on, real transactions and savepoints."""
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
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")
