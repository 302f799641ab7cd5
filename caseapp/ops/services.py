"""Checks shared by /readyz and ``caseapp check-deploy``: database, migrations, rate-limit store."""

from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from limits.storage import storage_from_string
from sqlalchemy.exc import SQLAlchemyError

from caseapp import ROOT
from caseapp.extensions import db

STORAGE_KEY = "caseapp.ops.storage"


@cache
def _scripts():
    return ScriptDirectory(str(ROOT / "migrations"))


def migration_heads():
    """The head revision(s) of the migrations shipped with this code."""
    return frozenset(_scripts().get_heads())


def database_revisions(connection):
    """The revision(s) the database's schema is at (empty before the first migration)."""
    return frozenset(MigrationContext.configure(connection).get_current_heads())


def known_revision(revision):
    """True when ``revision`` is one of this code's migrations."""
    try:
        return _scripts().get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id  # noqa: BLE001
        return False


def store_answers(storage):
    """True when the rate-limit store answers (memory:// always does)."""
    try:
        return bool(storage.check())
    except Exception:  # a refused or timed-out connection, whatever the driver calls it  # noqa: BLE001
        return False


def readiness_problems():
    """Names of what keeps this process from serving: "database", "migrations", "rate-limit store"."""
    problems = []
    try:
        with db.engine.connect() as connection:
            if database_revisions(connection) != migration_heads():
                problems.append("migrations")
    except SQLAlchemyError:
        problems.append("database")
    if not store_answers(_storage()):
        problems.append("rate-limit store")
    return problems


def _storage():
    """The configured rate-limit store, made once per app (it keeps its connection pool)."""
    app = current_app._get_current_object()
    if STORAGE_KEY not in app.extensions:
        app.extensions[STORAGE_KEY] = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    return app.extensions[STORAGE_KEY]
