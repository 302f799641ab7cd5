"""Placements of cases in shelters: overlap and capacity checks, start and end. Flushes, never commits.

A placement takes a bed from its start date up to, not including, its end
date: a person leaving on the 10th frees the bed for someone arriving on the
10th, and a transfer may end one placement and start the next on that day.
"""

from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from caseapp.cases.models import Case
from caseapp.cases.services import record_event
from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.shelters.models import EndReason, Placement
from caseapp.shelters.signals import placement_changed

STARTED, ENDED = "placement_started", "placement_ended"
# Plausible dates of a stay: typing errors such as 0206 or 2206 are refused.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


class PlacementError(ValueError):
    """The placement is not allowed; the message is user-facing."""


class OverCapacity(PlacementError):
    """The shelter is full on some night of the placement and no reason for an override was given."""


def placements_of_case(case):
    """The case's placements, newest first, with their shelters."""
    query = (select(Placement).where(Placement.case_id == case.id).options(joinedload(Placement.shelter))
             .order_by(Placement.starts_on.desc(), Placement.id))
    return db.session.scalars(query).all()


def get_placement(organisation_id, placement_id):
    """The organisation's placement with this id, or None."""
    return db.session.scalar(select(Placement).where(Placement.id == placement_id,
                                                     Placement.organisation_id == organisation_id))


def placed_on(shelter, day):
    """The placements taking a bed in ``shelter`` on ``day``, with their cases and persons, by start date."""
    query = (select(Placement).where(Placement.shelter_id == shelter.id, Placement.starts_on <= day,
                                     or_(Placement.ends_on.is_(None), Placement.ends_on > day))
             .options(joinedload(Placement.case).joinedload(Case.person).selectinload(Person.aliases))
             .order_by(Placement.starts_on, Placement.id))
    return db.session.scalars(query).all()


def place(case, actor, *, shelter, starts_on, ends_on=None, over_capacity_reason=None):
    """Place the case in ``shelter``; a full shelter needs ``over_capacity_reason``."""
    if shelter.organisation_id != case.organisation_id or not shelter.active:
        raise PlacementError(_l("Choose one of your organisation's open shelters."))
    check_dates(starts_on, ends_on)
    check_no_overlap(case, starts_on, ends_on)
    reason = (over_capacity_reason or "").strip() or None
    if peak_occupancy(shelter, starts_on, ends_on) >= shelter.capacity and reason is None:
        raise OverCapacity(_l("The shelter has no free bed for these dates. To place the person anyway, "
                              "tick the override and say why."))
    placement = Placement(organisation_id=case.organisation_id, shelter_id=shelter.id, case_id=case.id,
                          starts_on=starts_on, ends_on=ends_on, created_by_id=actor.id,
                          over_capacity_reason=reason)
    db.session.add(placement)
    db.session.flush()
    record_event(case, actor.id, STARTED, placement_id=placement.id, shelter_id=shelter.id,
                 starts_on=starts_on, over_capacity=reason is not None)
    _changed(placement, actor, started=True)
    return placement


def end_placement(placement, case, actor, *, ends_on, reason, version):
    """End the placement on ``ends_on`` for ``reason``."""
    check_version(placement, version)
    if placement.ends_on is not None and placement.end_reason is not None:
        raise PlacementError(_l("This placement has already ended."))
    check_dates(placement.starts_on, ends_on)
    check_no_overlap(case, placement.starts_on, ends_on, ignore=placement.id)
    placement.ends_on, placement.end_reason = ends_on, EndReason(reason)
    flush_versioned()
    record_event(case, actor.id, ENDED, placement_id=placement.id, shelter_id=placement.shelter_id,
                 ends_on=ends_on, reason=placement.end_reason)
    _changed(placement, actor, started=False)


def check_dates(starts_on, ends_on):
    """Refuse dates out of range and an end before the start."""
    for day in (starts_on, ends_on):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise PlacementError(_l("Dates must lie between %(first)s and %(last)s.", first=EARLIEST.isoformat(),
                                    last=LATEST.isoformat()))
    if ends_on is not None and ends_on < starts_on:
        raise PlacementError(_l("The end date is before the start date."))


def check_no_overlap(case, starts_on, ends_on, ignore=None):
    """Refuse a stay that overlaps another placement of the same case."""
    for other in placements_of_case(case):
        if other.id != ignore and _overlap(other.starts_on, other.ends_on, starts_on, ends_on):
            raise PlacementError(_l("This person is already placed from %(start)s on those dates.",
                                    start=other.starts_on.isoformat()))


def _overlap(start_a, end_a, start_b, end_b):
    """True when two half-open stays share a night (a same-day stay counts as that one night)."""
    end_a, end_b = _night_end(start_a, end_a), _night_end(start_b, end_b)
    return (end_a is None or start_b < end_a) and (end_b is None or start_a < end_b)


def _night_end(start, end):
    """The end of a stay as a half-open bound; a same-day stay takes that one night."""
    return end if end is None or end > start else start + timedelta(days=1)


def peak_occupancy(shelter, starts_on, ends_on):
    """The most beds taken by others on any day of the stay [starts_on, ends_on)."""
    ends_on = _night_end(starts_on, ends_on)
    query = select(Placement).where(Placement.shelter_id == shelter.id,
                                    or_(Placement.ends_on.is_(None), Placement.ends_on > starts_on))
    if ends_on is not None:
        query = query.where(Placement.starts_on < ends_on)
    others = db.session.scalars(query).all()
    # Occupancy only rises when someone arrives, so checking each arrival day is enough.
    days = {starts_on} | {p.starts_on for p in others if p.starts_on > starts_on}
    return max((sum(p.active_on(day) for p in others) for day in days), default=0)


def _changed(placement, actor, *, started):
    placement_changed.send(current_app._get_current_object(), case_id=placement.case_id,
                           placement_id=placement.id, actor_id=actor.id, started=started)
