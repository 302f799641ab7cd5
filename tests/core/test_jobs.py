"""The job lock: two runs at once do the job once, and a run that crashed never blocks the next."""

import json
import subprocess
import sys
import threading
import time

import pytest

from caseapp import ROOT
from caseapp.core.jobs import JobBusy, job_lock
from tests.conftest import run_cli

HOLDER = """
import json, sys, time
from caseapp import create_app
from caseapp.core.jobs import job_lock
app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": sys.argv[1], "DATA_KEYS": sys.argv[2]})
with app.app_context(), job_lock("retention"):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_command_finds_its_job_running_and_does_nothing(committed_db):
    """While another run holds the retention lock, `caseapp retention run` says so and erases nothing."""
    with committed_db.app_context(), job_lock("retention"):
        busy = run_cli(committed_db, ["retention", "run"])
    assert busy.exit_code == 0
    assert "Another run of retention is in progress; this run did nothing." in busy.output
    assert "Erased" not in busy.output
    assert "Erased 0 persons" in run_cli(committed_db, ["retention", "run"]).output


def test_two_runs_started_together_do_the_job_once(committed_db):
    """Of two threads taking the same job lock at the same moment, exactly one gets it."""
    start, outcomes = threading.Barrier(2), []

    def run():
        with committed_db.app_context():
            start.wait()
            try:
                with job_lock("anchor-test"):
                    time.sleep(0.5)
                    outcomes.append("ran")
            except JobBusy:
                outcomes.append("busy")

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["busy", "ran"]


def test_a_crashed_run_leaves_no_lock_behind(committed_db, key_document):
    """A process killed while holding the lock (no clean-up ran) does not block the next run."""
    url = committed_db.config["SQLALCHEMY_DATABASE_URI"]
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url, json.dumps(key_document)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with committed_db.app_context(), pytest.raises(JobBusy):
            with job_lock("retention"):
                pass
    finally:
        holder.kill()
        holder.wait()
    assert _lock_comes_free(committed_db, "retention")


def _lock_comes_free(app, name, seconds=10):
    """True once the lock can be taken: PostgreSQL frees a dead client's lock when it notices the closed socket."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with app.app_context(), job_lock(name):
                return True
        except JobBusy:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
