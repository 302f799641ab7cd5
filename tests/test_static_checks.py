"""Static security checks that run with the suite, so CI and `make test` both enforce them."""

import json
import subprocess
import sys

from caseapp import ROOT


def test_bandit_finds_nothing_unhandled():
    """Bandit reports no finding in the application code (accepted ones carry a `# nosec` with a reason)."""
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", "caseapp", "config", "-f", "json"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    report = json.loads(result.stdout)
    findings = [f"{r['test_id']} {r['filename']}:{r['line_number']}" for r in report["results"]]
    assert not findings, findings
    assert report["metrics"]["_totals"]["loc"] > 1000, "bandit did not scan the code"
