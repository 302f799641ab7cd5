"""What an erasure leaves for statistics: anonymous stubs, event days and the outcome of matching.

Registered as an erasure hook, so it runs before the person and her cases
are deleted. Every figure of a past period must come out the same after the
erasure, so the stubs keep exactly what ``stats.counting`` reads of a live
case, the days she was in contact or received a counted service, and with
which other records she was one person (links to a random key, never the
matched values).
"""

import uuid
from datetime import UTC
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, or_, select

from caseapp.cases.models import Case
from caseapp.contacts.models import Contact
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.stats import matching
from caseapp.stats.categories import age_band, citizenship_group
from caseapp.stats.counting import CONTACT
from caseapp.stats.models import KeyedPerson, MatchKey, StatisticalStub, StubEvent, SubjectLink
from caseapp.stats.sources import sources


def keep_statistics(organisation_id, person_id, case_ids):
    """Write the stubs, event days and links of the person about to be erased; return the stubs written."""
    person = db.session.get(Person, person_id)
    if person is None or person.organisation_id != organisation_id:
        return []
    subject_key = uuid.uuid4()
    cases = db.session.scalars(select(Case).where(Case.organisation_id == organisation_id, Case.id.in_(case_ids))
                               .order_by(Case.opened_at)).all()
    stubs = [StatisticalStub(organisation_id=organisation_id, subject_key=subject_key, **case_statistics(case, person))
             for case in cases]
    db.session.add_all(stubs)
    db.session.add_all(StubEvent(organisation_id=organisation_id, subject_key=subject_key, kind=kind, occurred_on=day)
                       for kind, day in sorted(_event_days(organisation_id, person_id)))
    _keep_links(organisation_id, person_id, subject_key)
    db.session.flush()
    return stubs


def case_statistics(case, person):
    """The statistical fields of one case of ``person``: exactly what a stub keeps and counting reads."""
    # The reference year of the age band, as counting computes it in SQL for a live case.
    reference = case.decided_on.year if case.decided_on else case.opened_at.astimezone(UTC).year
    return {
        "opened_on": _local_day(case.opened_at), "decided_on": case.decided_on, "gender": person.gender,
        "age_band": age_band(person.birth_year, reference), "citizenship": person.citizenship,
        "citizenship_group": citizenship_group(person.citizenship_codes), "exploitation": case.exploitation,
        "trafficking_status": case.trafficking_status, "decided_by": case.decided_by, "status": case.status,
        "closure_outcome": case.closure_outcome, "closed_on": case.closed_on,
    }


def _event_days(organisation_id, person_id):
    """(kind, day) of the person's contacts and of every registered service event."""
    occurred = db.session.scalars(select(Contact.occurred_at).where(
        Contact.organisation_id == organisation_id, Contact.person_id == person_id))
    days = {(CONTACT, _local_day(moment)) for moment in occurred}
    for code, events in sources().figures.items():
        rows = events([organisation_id]).subquery()
        days |= {(code, day) for day in db.session.scalars(select(rows.c.occurred_on)
                                                           .where(rows.c.person_id == person_id))}
    return days


def _keep_links(organisation_id, person_id, subject_key):
    """Link the stub's key to every record the person was matched with; forget her keys and old links."""
    matching.refresh_keys(matching.stale_person_ids(person_ids=[person_id]))
    for subject, other_organisation, kind in matching.neighbours(person_id, sources().links):
        db.session.add(SubjectLink(subject_a=subject_key, organisation_a=organisation_id, subject_b=subject,
                                   organisation_b=other_organisation, kind=kind))
    db.session.execute(delete(SubjectLink).where(or_(SubjectLink.subject_a == person_id,
                                                     SubjectLink.subject_b == person_id)))
    db.session.execute(delete(MatchKey).where(MatchKey.person_id == person_id))
    db.session.execute(delete(KeyedPerson).where(KeyedPerson.person_id == person_id))


def _local_day(moment):
    """The day of ``moment`` in the installation's time zone."""
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
