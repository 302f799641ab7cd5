"""`caseapp check-deploy` against one good production configuration and a series of bad ones."""

import json
import os

import pytest
from click.testing import CliRunner
from flask_migrate import downgrade

from caseapp.crypto.keys import new_keyring_document
from caseapp.ops.commands import check_deploy_command
from caseapp.ops.deploy import deploy_problems
from config import DEV_SECRET_KEY
from tests.databases import committed_app
from tests.services import require_redis


@pytest.fixture
def key_file(tmp_path, key_document):
    """A key document in a file of mode 0600."""
    path = tmp_path / "data-keys.json"
    path.write_text(json.dumps(key_document))
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def migrated_postgresql(tmp_path_factory):
    """The URL of a migrated PostgreSQL database shared by this module's checks (which only read it)."""
    if not os.environ.get("CASEAPP_TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("a good production configuration needs PostgreSQL (CASEAPP_TEST_DATABASE_URL)")
    with committed_app(tmp_path_factory.mktemp("deploy"), new_keyring_document()) as application:
        yield application


@pytest.fixture
def good_env(migrated_postgresql, key_file):
    """A complete production environment on a migrated PostgreSQL database with Redis."""
    url = migrated_postgresql.config["SQLALCHEMY_DATABASE_URI"]
    return {
        "CASEAPP_SECRET_KEY": "k" * 48, "CASEAPP_DATA_KEYS_FILE": str(key_file), "CASEAPP_DATABASE_URL": url,
        "CASEAPP_RATELIMIT_STORAGE_URI": require_redis(), "CASEAPP_SMTP_HOST": "mail.example.org",
        "CASEAPP_SMTP_SENDER": "caseapp@example.org",
    }


def _check(environ):
    runner = CliRunner()
    return runner.invoke(check_deploy_command, env={**{k: None for k in os.environ if k.startswith("CASEAPP_")},
                                                   **environ})


def test_a_good_production_configuration_passes(good_env):
    """Every setting right: no problem, exit 0."""
    result = _check(good_env)
    assert result.exit_code == 0, result.output
    assert "No problems found" in result.output


BAD = {
    "default secret key": ({"CASEAPP_SECRET_KEY": DEV_SECRET_KEY}, "CASEAPP_SECRET_KEY is the development default"),
    "short secret key": ({"CASEAPP_SECRET_KEY": "short"}, "CASEAPP_SECRET_KEY is only 5 characters"),
    "no secret key": ({"CASEAPP_SECRET_KEY": None}, "CASEAPP_SECRET_KEY is not set"),
    "no data keys": ({"CASEAPP_DATA_KEYS_FILE": None}, "CASEAPP_DATA_KEYS_FILE is not set"),
    "malformed data keys": ({"CASEAPP_DATA_KEYS_FILE": None, "CASEAPP_DATA_KEYS": '{"data": []'},
                            "CASEAPP_DATA_KEYS is unusable: CASEAPP_DATA_KEYS is not valid JSON"),
    "data keys without a data key": ({"CASEAPP_DATA_KEYS_FILE": None, "CASEAPP_DATA_KEYS": '{"data": [], "index": '
                                      '{"id": "i-1", "key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}'},
                                     "CASEAPP_DATA_KEYS is unusable: The keyring has no data key."),
    "SQLite": ({"CASEAPP_DATABASE_URL": "sqlite:////tmp/caseapp.sqlite"}, "CASEAPP_DATABASE_URL is SQLite"),
    "no database": ({"CASEAPP_DATABASE_URL": None}, "CASEAPP_DATABASE_URL is not set"),
    "unreachable database": ({"CASEAPP_DATABASE_URL": "postgresql+psycopg://caseapp@127.0.0.1:1/caseapp"},
                             "CASEAPP_DATABASE_URL cannot be reached"),
    "insecure cookies": ({"CASEAPP_SESSION_COOKIE_SECURE": "false"}, "CASEAPP_SESSION_COOKIE_SECURE is off"),
    "script-readable cookies": ({"CASEAPP_SESSION_COOKIE_HTTPONLY": "0"}, "CASEAPP_SESSION_COOKIE_HTTPONLY is off"),
    "unreachable Redis": ({"CASEAPP_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"},
                          "CASEAPP_RATELIMIT_STORAGE_URI does not answer"),
    "per-process rate limits": ({"CASEAPP_RATELIMIT_STORAGE_URI": "memory://"},
                                "CASEAPP_RATELIMIT_STORAGE_URI is memory://"),
    "no SMTP": ({"CASEAPP_SMTP_HOST": None}, "CASEAPP_SMTP_HOST is not set"),
    "no sender": ({"CASEAPP_SMTP_SENDER": None}, "CASEAPP_SMTP_SENDER is not set"),
    "two-factor off": ({"CASEAPP_TOTP_REQUIRED": "false"}, "CASEAPP_TOTP_REQUIRED is off"),
    "debug on": ({"CASEAPP_DEBUG": "true"}, "CASEAPP_DEBUG or FLASK_DEBUG is on"),
    "Flask debug on": ({"FLASK_DEBUG": "1"}, "CASEAPP_DEBUG or FLASK_DEBUG is on"),
    "not production": ({"CASEAPP_CONFIG": "development"}, "CASEAPP_CONFIG is 'development', not production"),
}


@pytest.mark.parametrize("change, expected", BAD.values(), ids=list(BAD))
def test_each_bad_setting_is_named_with_its_fix(good_env, change, expected):
    """One setting wrong: that problem alone is named, with a fix, and the exit code is 1."""
    environ = {k: v for k, v in {**good_env, **change}.items() if v is not None}
    result = _check(environ)
    assert result.exit_code == 1
    assert f"PROBLEM  {expected}" in result.output
    assert result.output.count("PROBLEM") == 1, result.output
    assert "fix: " in result.output


def test_a_key_file_others_can_read_is_a_problem(good_env, key_file):
    """The key file must be private to the service user."""
    key_file.chmod(0o644)
    problems = deploy_problems(good_env)
    assert [p.problem for p in problems] == [f"{key_file} can be read by other users"]


def test_a_database_behind_the_migrations_is_named(good_env, committed_db):
    """A schema one migration behind: check-deploy says to run `caseapp db upgrade`."""
    with committed_db.app_context():
        downgrade(revision="-1")
    problems = deploy_problems({**good_env, "CASEAPP_DATABASE_URL": committed_db.config["SQLALCHEMY_DATABASE_URI"]})
    assert [p.setting for p in problems] == ["database schema"]
    assert "caseapp db upgrade" in problems[0].fix


def test_an_empty_environment_names_every_missing_setting():
    """Nothing set: every required setting is named at once, not only the first."""
    problems = deploy_problems({})
    named = {p.setting for p in problems}
    assert {"CASEAPP_SECRET_KEY", "CASEAPP_DATA_KEYS_FILE", "CASEAPP_DATABASE_URL", "CASEAPP_SMTP_HOST"} <= named
