"""/healthz and /readyz: what they answer, that they reveal nothing else, and that rate limits skip them."""

import json
import subprocess
import sys

import pytest

from caseapp import ROOT, create_app
from caseapp.ops.services import STORAGE_KEY


def test_healthz_says_only_that_the_process_is_alive(client):
    """200 with {"status": "ok"} and nothing else, not cached."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_on_a_migrated_database(client):
    """The suite's migrated database and memory store make the app ready."""
    response = client.get("/readyz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ready"})


def test_readyz_is_not_ready_before_the_migrations(tmp_path):
    """On a database without the migrations applied, 503 with no detail in the body."""
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.sqlite"})
    response = app.test_client().get("/readyz")
    assert (response.status_code, response.get_json()) == (503, {"status": "not ready"})


def test_readyz_is_not_ready_without_its_rate_limit_store(app, client, monkeypatch):
    """A configured Redis that does not answer makes the app not ready (and the body says no more)."""
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:1/0")
    monkeypatch.delitem(app.extensions, STORAGE_KEY, raising=False)
    response = client.get("/readyz")
    app.extensions.pop(STORAGE_KEY, None)
    assert (response.status_code, response.get_json()) == (503, {"status": "not ready"})


PROBE_SCRIPT = """
import json, sys
from caseapp import create_app
app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": sys.argv[1], "RATELIMIT_DEFAULT": "2 per minute"})
client = app.test_client()
print(json.dumps({path: [client.get(path).status_code for _ in range(5)] for path in ("/healthz", "/readyz", "/login")}))
"""


def test_probes_are_not_counted_against_rate_limits(database_url):
    """With a default limit of 2 per minute, the probes answer every time while a page gets 429."""
    # A process of its own: default limits stay on the shared limiter for the rest of the suite.
    result = subprocess.run([sys.executable, "-c", PROBE_SCRIPT, database_url], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses["/healthz"] == [200] * 5
    assert statuses["/readyz"] == [200] * 5
    assert statuses["/login"][-1] == 429


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_stay_out_of_the_request_log(client, caplog, path):
    """Load balancers ask every few seconds: the probes write no request log line."""
    client.get(path)
    assert not [r for r in caplog.records if r.name == "caseapp.request"]
