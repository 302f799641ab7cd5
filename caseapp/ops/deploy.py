"""``caseapp check-deploy``: every problem of a production configuration, each with its fix.

It reads the same CASEAPP_* variables as the app, but reports every problem
instead of refusing to start at the first, then tries the database, the
migrations and the rate-limit store.
"""

import os
import stat
from dataclasses import dataclass

from limits.storage import storage_from_string
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from caseapp.crypto.errors import KeyConfigError
from caseapp.crypto.loading import read_key_file
from caseapp.crypto.keys import parse_keyring
from caseapp.ops.services import database_revisions, migration_heads, store_answers
from config import DEV_SECRET_KEY, load_config

NEW_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'" # nosec B105 - a command that makes one, not a secret
TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one setting, and how to fix it."""

    setting: str
    problem: str
    fix: str


def deploy_problems(environ=None):
    """Every problem of the production configuration in ``environ`` (default: this process's)."""
    environ = os.environ if environ is None else environ
    problems = []
    name = environ.get("CASEAPP_CONFIG", "production")
    if name != "production":
        problems.append(Problem("CASEAPP_CONFIG", f"is {name!r}, not production",
                                "unset CASEAPP_CONFIG (production is the default)"))
    settings = load_config("production", environ=environ, check=False)
    for check in (_secret_key, _data_keys, _database, _cookies, _two_factor, _debug, _mail, _store):
        problems.extend(check(settings, environ))
    problems.extend(_database_live(settings.get("SQLALCHEMY_DATABASE_URI")))
    return problems


def _secret_key(settings, _environ):
    secret = settings.get("SECRET_KEY")
    if not secret:
        return [Problem("CASEAPP_SECRET_KEY", "is not set", f"set it to the output of {NEW_SECRET}")]
    if secret == DEV_SECRET_KEY:
        return [Problem("CASEAPP_SECRET_KEY", "is the development default", f"set it to the output of {NEW_SECRET}")]
    if len(secret) < 32:
        return [Problem("CASEAPP_SECRET_KEY", f"is only {len(secret)} characters (at least 32)",
                        f"set it to the output of {NEW_SECRET}")]
    return []


def _data_keys(settings, _environ):
    inline, path = settings.get("DATA_KEYS"), settings.get("DATA_KEYS_FILE")
    new_keys = "put the output of `caseapp crypto new-key` in a file of mode 0600 and set CASEAPP_DATA_KEYS_FILE to it"
    if inline and path:
        return [Problem("CASEAPP_DATA_KEYS", "and CASEAPP_DATA_KEYS_FILE are both set", "keep only one of them")]
    if not (inline or path):
        return [Problem("CASEAPP_DATA_KEYS_FILE", "is not set (nor CASEAPP_DATA_KEYS)", new_keys)]
    try:
        if inline:
            parse_keyring(inline, "CASEAPP_DATA_KEYS")
        else:
            read_key_file(path)
    except KeyConfigError as error:
        return [Problem("CASEAPP_DATA_KEYS_FILE" if path else "CASEAPP_DATA_KEYS", f"is unusable: {error}",
                        "restore the key document from its safe copy (a new key cannot read existing data); "
                        f"for a new installation, {new_keys}")]
    if path and os.stat(path).st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return [Problem("CASEAPP_DATA_KEYS_FILE", f"{path} can be read by other users",
                        f"chmod 600 {path} (owned by the user that runs caseapp)")]
    return []


def _database(settings, _environ):
    uri = settings.get("SQLALCHEMY_DATABASE_URI")
    fix = "set CASEAPP_DATABASE_URL=postgresql+psycopg://caseapp@DBHOST/caseapp"
    if not uri:
        return [Problem("CASEAPP_DATABASE_URL", "is not set", fix)]
    try:
        backend = make_url(uri).get_backend_name()
    except ArgumentError:
        return [Problem("CASEAPP_DATABASE_URL", "is not a database URL", fix)]
    if backend == "sqlite":
        return [Problem("CASEAPP_DATABASE_URL", "is SQLite, which serves one machine and has no standby",
                        f"use PostgreSQL: {fix}")]
    return []


def _cookies(settings, _environ):
    problems = []
    if not settings.get("SESSION_COOKIE_SECURE"):
        problems.append(Problem("CASEAPP_SESSION_COOKIE_SECURE", "is off: the session cookie would travel over HTTP",
                                "unset it (production default: on) and serve only over HTTPS"))
    if not settings.get("SESSION_COOKIE_HTTPONLY"):
        problems.append(Problem("CASEAPP_SESSION_COOKIE_HTTPONLY", "is off: scripts could read the session cookie",
                                "unset it (default: on)"))
    if str(settings.get("SESSION_COOKIE_SAMESITE")).lower() not in {"lax", "strict"}:
        problems.append(Problem("CASEAPP_SESSION_COOKIE_SAMESITE", "is neither Lax nor Strict",
                                "unset it (default: Lax)"))
    return problems


def _two_factor(settings, _environ):
    if settings.get("TOTP_REQUIRED"):
        return []
    return [Problem("CASEAPP_TOTP_REQUIRED", "is off: users could sign in with a password alone",
                    "unset it (default: on)")]


def _debug(settings, environ):
    if settings.get("DEBUG") or environ.get("FLASK_DEBUG", "").strip().lower() in TRUE:
        return [Problem("CASEAPP_DEBUG", "or FLASK_DEBUG is on: errors would show code and data",
                        "unset CASEAPP_DEBUG and FLASK_DEBUG")]
    return []


def _mail(settings, _environ):
    problems = []
    if not settings.get("SMTP_HOST"):
        problems.append(Problem("CASEAPP_SMTP_HOST", "is not set: reminders cannot be mailed",
                                "set CASEAPP_SMTP_HOST (and CASEAPP_SMTP_PORT) to the organisation's mail server"))
    if not settings.get("SMTP_SENDER"):
        problems.append(Problem("CASEAPP_SMTP_SENDER", "is not set", "set it, e.g. caseapp@ngo.example.org"))
    return problems


def _store(settings, _environ):
    uri = settings.get("RATELIMIT_STORAGE_URI") or ""
    fix = "set CASEAPP_RATELIMIT_STORAGE_URI=redis://REDISHOST:6379/0 and make sure Redis runs there"
    if uri.startswith("memory://"):
        return [Problem("CASEAPP_RATELIMIT_STORAGE_URI", "is memory://: each process would count on its own", fix)]
    try:
        storage = storage_from_string(uri)
    except Exception:  # limits names bad schemes with several exception types  # noqa: BLE001
        return [Problem("CASEAPP_RATELIMIT_STORAGE_URI", "is not a storage URI the limiter knows", fix)]
    if not store_answers(storage):
        return [Problem("CASEAPP_RATELIMIT_STORAGE_URI", "does not answer (Redis unreachable)", fix)]
    return []


def _database_live(uri):
    """Connect and compare the schema with the migrations' head (when there is a URL to try)."""
    try:
        url = make_url(uri or "")
    except ArgumentError:
        return []
    if url.get_backend_name() != "postgresql":
        return []  # already named a problem: only PostgreSQL is tried
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            revisions = database_revisions(connection)
    except SQLAlchemyError as error:
        return [Problem("CASEAPP_DATABASE_URL", f"cannot be reached ({type(error.orig or error).__name__})",
                        "check the host, port, user and password, and that PostgreSQL accepts this user")]
    finally:
        engine.dispose()
    if revisions != migration_heads():
        found = ", ".join(sorted(revisions)) or "no migrations"
        return [Problem("database schema", f"is at {found}, not at {', '.join(sorted(migration_heads()))}",
                        "run `caseapp db upgrade` (after a backup)")]
    return []
