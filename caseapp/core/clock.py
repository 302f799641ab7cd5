"""Today's date where the organisations work: deadlines and due dates are calendar days in Denmark."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def local_today(now=None):
    """The date of ``now`` (default: this moment) in the installation's time zone, Europe/Copenhagen by default."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return (now or datetime.now(UTC)).astimezone(zone).date()
