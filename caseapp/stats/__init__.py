"""Statistics for the national indicator: distinct persons, protected tables, a ledger of releases."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from caseapp.auth.models import Role

bp = Blueprint("stats", __name__, url_prefix="/stats")
# Who makes and sees releases: a coordinator for the own organisation, a statistics coordinator for all.
STATS_ROLES = (Role.COORDINATOR, Role.STATISTICS)


# How the audit trail names what this feature records.
AUDIT_ACTIONS = {
    "stats.release": _l("Statistics release made"),
    "stats.download": _l("Statistics release downloaded"),
}
AUDIT_TARGETS = {
    "release": _l("Statistics release"),
}


def init_app(app):
    """Register the statistics pages, the navigation entry, the erasure hook and ``caseapp stats``."""
    from caseapp.core.registry import registry
    from caseapp.stats import models, sources, views  # noqa: F401  (models for migrations, routes attach to bp)
    from caseapp.stats.commands import stats_cli
    from caseapp.stats.stubs import keep_statistics

    sources.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(stats_cli)
    registry(app).add_nav_entry("stats.index", _l("Statistics"), STATS_ROLES, 60)
    registry(app).add_nav_entry("stats.coordinators", _l("Statistics coordinators"), (Role.SYSADMIN,), 60)
    registry(app).add_home_section("stats/_home_section.html", (*STATS_ROLES, Role.SYSADMIN), 60)
    # Runs before any later feature's hook deletes rows that counting reads (features register after stats).
    registry(app).add_erasure_hook(keep_statistics)
    registry(app).add_audit_labels(AUDIT_ACTIONS, AUDIT_TARGETS)
