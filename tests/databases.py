"""Test databases: building the schema from the migrations, and scratch databases with real commits.

The per-test rollback cannot show what another connection sees, so tests of
concurrency and of what lands on disk run on a freshly migrated scratch
database: a temporary SQLite file, or a PostgreSQL database beside the
suite's one, dropped afterwards.
"""

import json
import os
import uuid
from contextlib import contextmanager

import psycopg
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url

from caseapp import create_app
from caseapp.extensions import db


def reset_database(app):
    """Empty the database and build the schema from the migrations."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()


@contextmanager
def committed_app(tmp_path, key_document):
    """An app with ``key_document``'s keys on a new, migrated database, removed afterwards.

    Concurrency can only be tested with commits that another connection
    sees. On SQLite the database is a temporary file; on PostgreSQL a
    scratch database beside the suite's one. Tests using it must request
    ``committed_db``, which switches the per-test rollback off.
    """
    suite_url = os.environ.get("CASEAPP_TEST_DATABASE_URL")
    name = f"caseapp_committed_{uuid.uuid4().hex[:12]}"
    url = _create_scratch_database(suite_url, name) if suite_url else f"sqlite:///{tmp_path / name}.sqlite"
    application = create_app("testing", overrides={
        "SQLALCHEMY_DATABASE_URI": url, "DATA_KEYS": json.dumps(key_document)})
    reset_database(application)
    try:
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        if suite_url:
            _admin_execute(suite_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _create_scratch_database(suite_url, name):
    """Create the empty PostgreSQL database ``name`` beside the suite's and return its URL."""
    _admin_execute(suite_url, f'CREATE DATABASE "{name}"')
    return make_url(suite_url).set(database=name).render_as_string(hide_password=False)


def _admin_execute(suite_url, sql):
    """Run one statement outside a transaction on the server's ``postgres`` database."""
    url = make_url(suite_url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(sql)
