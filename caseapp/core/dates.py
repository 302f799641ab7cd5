"""Calendar dates as people in Denmark see them.

Deadlines and days left are counted in whole Europe/Copenhagen calendar
dates: the clock time, the server's zone and daylight-saving changes never
shift a date. "Today" is the date on a Copenhagen wall calendar right now.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_date(moment):
    """The Copenhagen calendar date of an aware ``moment`` (naive ones are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(COPENHAGEN).date()


def local_today(now=None):
    """Today's date in Copenhagen (``now`` for tests)."""
    return local_date(now or datetime.now(UTC))
