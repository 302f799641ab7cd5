"""Fixtures for the crypto tests: the app's keyring, key documents and a database with real commits."""

import json
import os
import uuid
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy.engine import make_url

from caseapp import create_app, crypto
from caseapp.crypto.keys import keyring_from_document, new_key_entry, new_keyring_document
from caseapp.extensions import db
from tests.conftest import reset_database


@pytest.fixture
def keyring(app):
    """The keyring of the test app (loaded once, as the app factory does)."""
    if crypto.EXTENSION_KEY not in app.extensions:
        crypto.init_app(app)
    return crypto.get_keyring(app)


@pytest.fixture
def key_document():
    """A fresh key document with one data key and an index key."""
    return new_keyring_document()


@pytest.fixture
def rotated_document(key_document):
    """``key_document`` with a second, newer data key appended."""
    return {**key_document, "data": [*key_document["data"], new_key_entry("d")]}


@pytest.fixture
def use_keys(app):
    """Switch the test app to the keyring of a key document; the original comes back afterwards."""
    original = app.extensions[crypto.EXTENSION_KEY]

    def switch(document, target=app):
        target.extensions[crypto.EXTENSION_KEY] = keyring_from_document(document, "test keys")
        return target.extensions[crypto.EXTENSION_KEY]

    yield switch
    app.extensions[crypto.EXTENSION_KEY] = original


@pytest.fixture
def committed_db(tmp_path, key_document):
    """An app on its own freshly migrated database whose commits are real (no per-test rollback)."""
    with committed_app(tmp_path, key_document) as application:
        yield application


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


def write_key_file(path, document):
    """Write ``document`` as a JSON key file and return its path."""
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
