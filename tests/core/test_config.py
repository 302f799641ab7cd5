"""Configuration: environment overrides and the production start-up check."""

import pytest

from caseapp import create_app
from config import DEV_SECRET_KEY, ConfigError, load_config

GOOD_PRODUCTION_ENV = {
    "CASEAPP_SECRET_KEY": "p" * 48,
    "CASEAPP_DATA_KEYS": "configured-elsewhere",
    "CASEAPP_DATABASE_URL": "postgresql+psycopg://caseapp@db/caseapp",
}


def test_production_without_settings_names_everything_missing():
    """Production with an empty environment refuses to start and says what to set."""
    with pytest.raises(ConfigError) as error:
        load_config("production", environ={})
    message = str(error.value)
    for name in ("CASEAPP_SECRET_KEY", "CASEAPP_DATA_KEYS", "CASEAPP_DATABASE_URL"):
        assert name in message


@pytest.mark.parametrize("missing", sorted(GOOD_PRODUCTION_ENV))
def test_production_refuses_each_missing_setting(missing):
    """Leaving out any one required setting stops production start-up, naming it."""
    environ = {k: v for k, v in GOOD_PRODUCTION_ENV.items() if k != missing}
    with pytest.raises(ConfigError, match=missing):
        load_config("production", environ=environ)


def test_production_refuses_the_development_secret():
    """The development secret key is refused in production."""
    environ = {**GOOD_PRODUCTION_ENV, "CASEAPP_SECRET_KEY": DEV_SECRET_KEY}
    with pytest.raises(ConfigError, match="development value"):
        load_config("production", environ=environ)


def test_production_is_the_default_configuration():
    """Without CASEAPP_CONFIG the production rules apply (fail closed)."""
    with pytest.raises(ConfigError):
        load_config(environ={})


def test_complete_production_settings_load_with_secure_cookies():
    """Complete production settings load, with the Secure session cookie."""
    settings = load_config("production", environ=GOOD_PRODUCTION_ENV)
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SQLALCHEMY_DATABASE_URI"] == GOOD_PRODUCTION_ENV["CASEAPP_DATABASE_URL"]


def test_environment_overrides_are_typed():
    """CASEAPP_* variables override settings with the setting's type."""
    settings = load_config("testing", environ={"CASEAPP_PAGE_SIZE": "25", "CASEAPP_SESSION_COOKIE_SECURE": "true"})
    assert settings["PAGE_SIZE"] == 25
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_create_app_in_production_without_keys_stops(monkeypatch):
    """The application factory itself refuses production without secrets."""
    for name in GOOD_PRODUCTION_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CASEAPP_CONFIG", "production")
    with pytest.raises(ConfigError, match="refuses to start in production"):
        create_app()
