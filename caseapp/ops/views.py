"""Probes for the load balancer and systemd: alive, and ready to serve. They reveal nothing else."""

from flask import current_app, g

from caseapp.extensions import limiter
from caseapp.ops import bp, services


def _probe(body, status):
    # Probes come every few seconds: keep them out of the request log and out of any cache.
    g.quiet_log = True
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process is alive."""
    return _probe({"status": "ok"}, 200)


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """The database answers, its schema is at the migrations' head, and the rate-limit store answers."""
    problems = services.readiness_problems()
    if problems:
        current_app.logger.warning("not ready: %s", ", ".join(problems))
        return _probe({"status": "not ready"}, 503)
    return _probe({"status": "ready"}, 200)
