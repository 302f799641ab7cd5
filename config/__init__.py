"""Configuration classes, overridden by ``CASEAPP_*`` environment variables.

The configuration is chosen by name (``development``, ``testing``,
``production``); the name comes from ``CASEAPP_CONFIG`` and defaults to
production, so that a forgotten setting fails closed rather than running
with development secrets.
"""

import os
from datetime import timedelta

DEV_SECRET_KEY = "development-only-secret-do-not-use-in-production"  # nosec B105 - refused in production
ENV_PREFIX = "CASEAPP_"
# Environment names that do not simply mirror a configuration key.
ENV_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


class BaseConfig:
    """Settings shared by every configuration."""

    NAME = "base"
    DEBUG = False
    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # Statement parameters may hold personal data; keep them out of errors and logs.
    SQLALCHEMY_ENGINE_OPTIONS = {"hide_parameters": True}
    DATA_KEYS = None
    DATA_KEYS_FILE = None
    # Blind-index size; see caseapp/crypto/blind_index.py for how 8 was chosen.
    BLIND_INDEX_BITS = 8
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")
    SESSION_COOKIE_NAME = "caseapp_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 3600
    PASSWORD_MIN_LENGTH = 12
    # Argon2id cost: OWASP's second recommended profile (19 MiB, t=2, p=1).
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST_KIB = 19456
    ARGON2_PARALLELISM = 1
    PAGE_SIZE = 50
    # Days after the last case closed before `caseapp retention run` erases a
    # person. Five years: a person may come back (re-trafficking is common)
    # and may be called as a witness while a criminal case against the
    # traffickers runs, which often takes years; longer would keep data
    # without a need, against GDPR's storage limitation. Agree on it with the
    # organisation's data protection officer.
    RETENTION_DAYS = 1826
    # Shelter staff keep seeing a case this many days after its placement with their shelter ended.
    PLACEMENT_VISIBLE_DAYS = 90
    # Reflection period: the usual length and the longest total, in days (the law has changed over
    # time, so these are settings). The decision day is day 1; see caseapp/reflection/periods.py.
    REFLECTION_DAYS = 100
    REFLECTION_MAX_DAYS = 120
    # `caseapp reminders send`: days before a deadline at which the case worker is emailed.
    REMINDER_DAYS = "30,14,7,1"
    # Months of follow-up contacts after a prepared return (one a month from the departure day).
    REINTEGRATION_MONTHS = 6
    # The address the links in emails point to, e.g. https://caseapp.example.org
    BASE_URL = "http://127.0.0.1:5000"
    # Outgoing mail (reminders); `caseapp check-deploy` requires a host and a sender in production.
    SMTP_HOST = None
    SMTP_PORT = 587
    SMTP_SENDER = None
    # "starttls", "ssl" (implicit TLS, usually port 465) or "none" (only for a relay on the same host).
    SMTP_TLS = "starttls"
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""  # nosec B105 - empty: no sign-in unless set in the environment
    SMTP_TIMEOUT = 30
    # Statistics: no published cell holds 1 to STATS_MIN_CELL - 1 persons (k of DESIGN §4).
    STATS_MIN_CELL = 5
    # Two-factor sign-in is required of every user.
    TOTP_REQUIRED = True
    TOTP_ISSUER = "caseapp"
    SESSION_IDLE_MINUTES = 15
    SESSION_MAX_HOURS = 8
    # Failed sign-ins of one account from one address before it must wait; the wait starts at
    # LOCKOUT_DELAY_SECONDS and doubles with each further failure, up to LOCKOUT_MAX_DELAY_MINUTES.
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_DELAY_SECONDS = 30
    LOCKOUT_MAX_DELAY_MINUTES = 60
    # Flask-Limiter: counters in memory for one process; production shares them in Redis.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SIGN_IN = "10 per minute"
    RATELIMIT_SIGN_IN_ACCOUNT = "5 per minute"
    # Prefix of the rate-limit keys in the shared store (several installations may share one Redis).
    RATELIMIT_KEY_PREFIX = "caseapp"
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are believed. 0: none,
    # so a client cannot claim another address; 1 behind one Caddy or nginx.
    TRUSTED_PROXIES = 0
    # "json": one JSON object per line (production, for the journal); "text" for reading at a terminal.
    LOG_FORMAT = "json"
    LOG_LEVEL = "INFO"
    # Where `caseapp audit anchor` writes the chain head: a file path, or "syslog". Unset: nowhere.
    AUDIT_ANCHOR = None


class DevelopmentConfig(BaseConfig):
    """Local development on SQLite under ``instance/``."""

    NAME = "development"
    LOG_FORMAT = "text"
    SECRET_KEY = DEV_SECRET_KEY


class TestingConfig(BaseConfig):
    """The test suite: SQLite by default, PostgreSQL when asked."""

    NAME = "testing"
    TESTING = True
    SECRET_KEY = DEV_SECRET_KEY
    # Tests not about sign-in use users without an authenticator; the
    # two-factor tests switch this back on.
    TOTP_REQUIRED = False
    # Cheap hashes keep the suite fast; the algorithm stays Argon2id.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST_KIB = 1024


class ProductionConfig(BaseConfig):
    """Production: every secret must come from the environment."""

    NAME = "production"
    SESSION_COOKIE_SECURE = True
    RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"


CONFIGS = {c.NAME: c for c in (DevelopmentConfig, TestingConfig, ProductionConfig)}


def env_settable(default):
    """Settings with a collection as default (e.g. LANGUAGES) are set in code, not from the environment."""
    return not isinstance(default, dict | list | tuple | set)


def _coerce(raw, default):
    """Turn an environment string into the type of the class default."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, timedelta):
        return timedelta(seconds=int(raw))
    return raw


def load_config(name=None, environ=None, overrides=None, check=True):
    """Return the settings dict for configuration ``name`` with env overrides.

    ``check=False`` skips the production start-up check (``caseapp check-deploy``
    reports each problem itself instead of stopping at the first).
    """
    environ = os.environ if environ is None else environ
    name = name or environ.get(ENV_PREFIX + "CONFIG", "production")
    if name not in CONFIGS:
        raise ConfigError(f"Unknown configuration {name!r}; use one of {sorted(CONFIGS)}.")
    cls = CONFIGS[name]
    settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
    for env_name, raw in environ.items():
        if not env_name.startswith(ENV_PREFIX) or env_name in {ENV_PREFIX + "CONFIG", ENV_PREFIX + "NAME"}:
            continue
        key = env_name[len(ENV_PREFIX):]
        key = ENV_ALIASES.get(key, key)
        if key in settings and env_settable(settings[key]):
            settings[key] = _coerce(raw, settings[key])
    settings.update(overrides or {})
    if check and name == "production":
        check_production(settings)
    return settings


def check_production(settings):
    """Refuse production settings that are missing or left at a development value."""
    problems = []
    secret = settings.get("SECRET_KEY")
    if not secret:
        problems.append("CASEAPP_SECRET_KEY is not set")
    elif secret == DEV_SECRET_KEY or len(secret) < 32:
        problems.append("CASEAPP_SECRET_KEY is a development value or shorter than 32 characters")
    if not (settings.get("DATA_KEYS") or settings.get("DATA_KEYS_FILE")):
        problems.append("CASEAPP_DATA_KEYS or CASEAPP_DATA_KEYS_FILE is not set")
    if not settings.get("TOTP_REQUIRED"):
        problems.append("CASEAPP_TOTP_REQUIRED must stay on: every production user signs in with two factors")
    uri = settings.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        problems.append("CASEAPP_DATABASE_URL is not set")
    if problems:
        raise ConfigError(
            "caseapp refuses to start in production: " + "; ".join(problems)
            + ". Set them in the environment (see README, 'Production')."
        )
