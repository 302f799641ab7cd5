"""Services some tests need besides the database: Redis, gunicorn processes on local ports.

Without Redis those tests skip; CASEAPP_REQUIRE_SERVICES=1 (set in CI)
turns the skip into a failure, so a missing service cannot pass silently.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from caseapp import ROOT

REDIS_URL = os.environ.get("CASEAPP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def service_unavailable(reason):
    """Skip the test, or fail it when CASEAPP_REQUIRE_SERVICES=1 demands the service."""
    if os.environ.get("CASEAPP_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (CASEAPP_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


def require_redis():
    """The test Redis URL, or skip/fail when Redis does not answer."""
    from limits.storage import storage_from_string

    try:
        if storage_from_string(REDIS_URL).check():
            return REDIS_URL
    except Exception:  # noqa: BLE001
        pass
    service_unavailable(f"Redis does not answer at {REDIS_URL}")


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """One gunicorn process serving ``wsgi:app`` on a local port with the given CASEAPP_* environment."""

    def __init__(self, environment, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CASEAPP_")}
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "-c", str(ROOT / "config" / "gunicorn.conf.py"), "--bind",
                   f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "2", "wsgi:app"]
        self._log = open(self.log_path, "wb")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen(command, cwd=ROOT, env={**env, **environment},
                                        stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, seconds=30):
        """Wait until /readyz answers 200; fail with the server's log otherwise."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=5) as response:  # nosec B310
                    if response.status == 200:
                        return self
            except OSError:  # refused while starting, or slow to answer its first request
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"gunicorn on port {self.port} did not become ready:\n{self.log_path.read_text()[-3000:]}")

    def stop(self):
        """Stop the process (SIGTERM, then SIGKILL after 10 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
