"""Case references: ``NOR-2026-0042``, unique per organisation and year.

A reference is what staff say on the phone and the only case identifier an
email may carry. Numbers come from one counter row per organisation and
year, incremented by an UPDATE: the row lock (PostgreSQL) or the write lock
(SQLite) makes two cases opened at once get different numbers.
"""

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from caseapp.cases.models import CaseReferenceCounter
from caseapp.core.clock import local_today
from caseapp.extensions import db
from caseapp.orgs.models import Organisation

REFERENCE_FORMAT = "{prefix}-{year}-{number:04d}"


def format_reference(prefix, year, number):
    """The reference text of ``number`` in ``year`` for an organisation with ``prefix``."""
    return REFERENCE_FORMAT.format(prefix=prefix, year=year, number=number)


def next_reference(organisation_id, opened_at):
    """Allocate the organisation's next reference for a case opened at ``opened_at``."""
    year = local_today(opened_at).year
    number = _increment(organisation_id, year)
    if number is None:
        number = _start_counter(organisation_id, year)
    prefix = db.session.scalar(select(Organisation.case_prefix).where(Organisation.id == organisation_id))
    return format_reference(prefix, year, number)


def _increment(organisation_id, year):
    counter = CaseReferenceCounter
    statement = (update(counter).where(counter.organisation_id == organisation_id, counter.year == year)
                 .values(last_number=counter.last_number + 1).returning(counter.last_number))
    return db.session.execute(statement).scalar()


def _start_counter(organisation_id, year):
    """Create the year's counter at 1; if another request created it first, increment theirs."""
    try:
        with db.session.begin_nested():
            db.session.add(CaseReferenceCounter(organisation_id=organisation_id, year=year, last_number=1))
        return 1
    except IntegrityError:
        return _increment(organisation_id, year)


def normalise_reference(text):
    """A typed reference as stored: spaces dropped, upper case."""
    return "".join((text or "").split()).upper()
