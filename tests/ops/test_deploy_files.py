"""The shipped deployment files fit the code: timers start real commands, the lock file matches pyproject."""

import configparser
import gc
import re
import shlex
import tomllib

import pytest
from packaging.requirements import Requirement

from caseapp import ROOT
from tests.conftest import run_cli

UNITS = ROOT / "deploy" / "systemd"
# Commands whose timers ship before the command itself; this fails once the command exists.


def _unit(path):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def _job_commands():
    for timer in sorted(UNITS.glob("caseapp-*.timer")):
        service = _unit(timer.with_suffix(".service"))["Service"]
        words = shlex.split(service["ExecStart"])
        assert words[0] == "/opt/caseapp/.venv/bin/caseapp"
        yield timer.stem, tuple(w for w in words[1:] if not w.startswith("-") and not w.startswith("/"))


@pytest.mark.parametrize("name, command", list(_job_commands()))
def test_each_timer_starts_an_existing_command(app, name, command):
    """Every timer has its service, and the service runs a `caseapp` command that exists."""
    result = run_cli(app, [*command, "--help"])
    assert result.exit_code == 0, result.output


def test_the_periodic_jobs_all_have_timers():
    """Reminders, retention, audit anchoring and key rotation each run from a timer."""
    commands = {command for _, command in _job_commands()}
    assert {("reminders", "send"), ("retention", "run"), ("audit", "anchor"), ("crypto", "rotate")} <= commands


def test_the_web_service_runs_gunicorn_with_the_repository_settings():
    """caseapp.service starts gunicorn with config/gunicorn.conf.py, which writes no access log."""
    exec_start = _unit(UNITS / "caseapp.service")["Service"]["ExecStart"]
    assert "gunicorn -c config/gunicorn.conf.py wsgi:app" in exec_start
    settings = {}
    exec((ROOT / "config" / "gunicorn.conf.py").read_text(), settings)  # nosec B102 - our own file
    assert settings["accesslog"] is None


def test_a_worker_freezes_the_loaded_app_so_full_collections_skip_it():
    """After gunicorn loads the app in a worker, its objects are frozen: a full collection no longer walks them."""
    settings = {}
    exec((ROOT / "config" / "gunicorn.conf.py").read_text(), settings)  # nosec B102 - our own file
    assert gc.get_freeze_count() == 0
    try:
        settings["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def _locked():
    text = (ROOT / "requirements.lock").read_text()
    pins = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^\s;]+)", text, re.MULTILINE))
    return text, pins


def test_the_lock_file_pins_every_dependency_of_pyproject_within_its_bounds():
    """Each requirement of pyproject.toml (runtime, test extra, build group) is locked at an allowed version."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
              *project["dependency-groups"]["build"]]
    _, pins = _locked()
    for line in wanted:
        requirement = Requirement(line)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} vs {line}"


def test_every_locked_package_carries_hashes():
    """Every pinned package has at least one sha256 hash, so pip --require-hashes can check it."""
    text, pins = _locked()
    blocks = re.split(r"\n(?=[a-z0-9])", text)
    hashed = {block.split("==")[0] for block in blocks if "--hash=sha256:" in block}
    assert set(pins) <= hashed
