"""Shared fixtures: the app on a migrated database, a per-test rollback, clients and factories.

The suite runs on SQLite by default and on PostgreSQL when
CASEAPP_TEST_DATABASE_URL is set. The schema is made by the Alembic
migrations, never by ``create_all``, so the tests also prove the migrations.
"""

import contextvars
from contextlib import contextmanager
import os
import re
import time
import uuid
from typing import NamedTuple

import pyotp
import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import event
from sqlalchemy.orm import scoped_session, sessionmaker

from caseapp import create_app
from caseapp.auth import twofactor
from caseapp.auth.models import Role, User
from caseapp.auth.services import find_user_by_email
from caseapp.crypto.keys import new_keyring_document
from caseapp.extensions import db, limiter
from caseapp.orgs.models import OrganisationKind
from caseapp.orgs.services import create_organisation
from tests.databases import committed_app, reset_database
from tests.factories import PASSWORD, new_user
# Tests using these fixtures commit for real on a database of their own.
COMMITTING_FIXTURES = {"live_server", "committed_db", "sqlite_file_db"}
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION_RE = re.compile(r'name="submission"[^>]*value="([0-9a-f]{32})"')


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    Without this, requests would reuse the test's app context and share its
    database session, ``g`` and cached locale, hiding real behaviour.
    """

    def open(self, *args, **kwargs):
        """Send the request from a context where no app context is active."""
        return contextvars.copy_context().run(self._open_in_fresh_context, *args, **kwargs)

    def _open_in_fresh_context(self, *args, **kwargs):
        _cv_app.set(None)
        return super().open(*args, **kwargs)


def run_cli(app, args):
    """Invoke a ``caseapp`` command on ``app`` in its own app context, as from a shell."""

    with app.app_context():
        return app.test_cli_runner().invoke(args=args)


def database_url_for_tests(tmp_path_factory):
    """The database the suite runs on: PostgreSQL when asked, else a fresh SQLite file."""
    url = os.environ.get("CASEAPP_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """URL of the suite's database."""
    return database_url_for_tests(tmp_path_factory)


@pytest.fixture(scope="session")
def app(database_url):
    """The application under the testing configuration, on a migrated database."""
    application = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": database_url})
    application.test_client_class = IsolatedClient
    reset_database(application)
    return application


@pytest.fixture(autouse=True)
def _rollback(request, app):
    """Run each test inside a transaction that is rolled back afterwards.

    Views commit as usual; with ``create_savepoint`` those commits only
    release savepoints inside the outer transaction.
    """
    if COMMITTING_FIXTURES & set(request.fixturenames):
        yield
        return
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        # A plain SQLAlchemy session: Flask-SQLAlchemy's own session class
        # ignores ``bind`` and would check out a fresh connection.
        factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        db.session = scoped_session(factory, scopefunc=_app_ctx_id)
        try:
            with app.app_context():
                yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    """Rate-limit counters start at zero in every test (they live in memory per process)."""
    with app.app_context():
        limiter.reset()


@pytest.fixture
def client(app):
    """A test client keeping its cookies between requests."""
    return app.test_client()


def csrf_token(client, path="/login"):
    """The CSRF token of the client's session, read from a page's form."""
    response = client.get(path, follow_redirects=True)
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def form_tokens(client, path):
    """The CSRF token and, on a creating form, the one-time submission token of the page at ``path``."""
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {path}"
    tokens = {"csrf_token": match.group(1)}
    submission = SUBMISSION_RE.search(page)
    if submission:
        tokens["submission"] = submission.group(1)
    return tokens


def post_form(client, path, data, *, token_from=None, **kwargs):
    """POST ``data`` with the tokens of the form as shown, like a browser submitting it."""
    return client.post(path, data={**form_tokens(client, token_from or path), **data}, **kwargs)


def login(client, email, password=PASSWORD):
    """Sign ``client`` in through the real forms, answering the two-factor step when asked."""
    response = post_form(client, "/login", {"email": email, "password": password}, follow_redirects=True)
    if response.request.path == "/login/verify":
        code = second_factor_code(email)
        response = post_form(client, "/login/verify", {"code": code}, follow_redirects=True)
    return response


def second_factor_code(email, wait=True):
    """A code the user's authenticator would show that has not been used yet.

    Codes are single-use, so when every code of the accepted window is spent
    this waits for the next one, or returns None when ``wait`` is false.
    """
    db.session.expire_all()
    user = find_user_by_email(email)
    # The current code, or the next one when it is spent: an older code still in the window would
    # expire if the half-minute turned while the form was being filled (seen as a rare sign-in failure).
    step = max(twofactor.current_step(), user.totp_last_step + 1)
    while step > twofactor.current_step() + twofactor.VALID_WINDOW:
        if not wait:
            return None
        time.sleep(1)
    return pyotp.TOTP(user.totp_secret).at(step * twofactor.STEP_SECONDS)


@pytest.fixture
def make_org():
    """Factory: an organisation with a unique name."""

    def factory(name=None, kind=OrganisationKind.NGO):
        return create_organisation(name=name or f"Org {uuid.uuid4().hex[:8]}", kind=kind)

    return factory


@pytest.fixture
def make_user():
    """Factory: ``tests.factories.new_user``, a user of ``organisation`` with ``role`` and the shared password."""
    return new_user


class SignedIn(NamedTuple):
    """A test client and the user it is signed in as."""

    client: FlaskClient
    user: User


@pytest.fixture
def signed_in(app, org_a):
    """Factory: ``signed_in(role, organisation=org_a, **user_fields)`` -> SignedIn(client, user).

    Each call makes a new user (English unless ``locale`` says otherwise)
    and a new client signed in as that user through the real login forms.
    The system administrator belongs to no organisation.
    """

    def sign_in(role=Role.OUTREACH, organisation=None, *, locale="en", **user_fields):
        if organisation is None and role != Role.SYSADMIN:
            organisation = org_a
        user = new_user(organisation, role, locale=locale, **user_fields)
        client = app.test_client()
        response = login(client, user.email)
        assert response.request.path not in ("/login", "/login/verify"), f"{user.email} could not sign in"
        return SignedIn(client, user)

    return sign_in


@pytest.fixture
def key_document():
    """A fresh key document with one data key and an index key."""
    return new_keyring_document()


@pytest.fixture
def committed_db(tmp_path, key_document):
    """An app on its own freshly migrated database whose commits are real (no per-test rollback)."""
    with committed_app(tmp_path, key_document) as application:
        yield application


@pytest.fixture
def org_a(make_org):
    """Organisation A."""
    return make_org("Organisation A")


@pytest.fixture
def org_b(make_org):
    """Organisation B."""
    return make_org("Organisation B")


@contextmanager
def recorded_statements(engine=None):
    """Collect the (statement, parameters) of every SQL statement run inside the block."""
    engine = engine or db.engine
    statements = []

    def record(_connection, _cursor, statement, parameters, _context, _executemany):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
