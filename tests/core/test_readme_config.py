"""The README's configuration table lists every CASEAPP_* setting with its production default, and no other."""

import re
from datetime import timedelta

from caseapp import ROOT
from config import ENV_ALIASES, ProductionConfig, env_settable

ROW = re.compile(r"^\| `CASEAPP_([A-Z0-9_]+)` \| (.+?) \| (.+?) \|$", re.MULTILINE)
# Documented in the table though not a setting of the classes: the choice of class itself.
NOT_SETTINGS = {"CONFIG": "`production`"}


def _documented():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {name: (default, meaning) for name, default, meaning in ROW.findall(section)}


def _shown(value):
    """How the README shows a default."""
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "`on`" if value else "`off`"
    if isinstance(value, timedelta):
        return f"`{int(value.total_seconds())}`"
    return f"`{value}`"


def _settings():
    names = {setting: env for env, setting in ENV_ALIASES.items()}
    values = {key: getattr(ProductionConfig, key) for key in dir(ProductionConfig) if key.isupper()}
    return {names.get(key, key): _shown(value) for key, value in values.items()
            if key != "NAME" and env_settable(value)}


def test_every_setting_is_in_the_readme_with_its_default():
    """Each CASEAPP_* variable the classes read has a row whose default is production's value."""
    documented = {name: default for name, (default, _) in _documented().items()}
    expected = {**_settings(), **NOT_SETTINGS}
    assert {k: documented.get(k) for k in expected} == expected


def test_the_readme_lists_no_setting_that_does_not_exist():
    """No row for a variable the app would ignore."""
    assert set(_documented()) - set(_settings()) - set(NOT_SETTINGS) == set()


def test_every_row_says_what_the_setting_means():
    """The meaning column is filled in."""
    assert all(len(meaning) > 10 for _, meaning in _documented().values())
