"""Bulk demo rows of shelter placements (a step registered with core.registry): a case of an organisation
running shelters stays in one of them from the day its stay began until the person leaves. A stay still
running takes a free bed: current placements never exceed a shelter's capacity, however large the run."""

import uuid

from sqlalchemy import select

from caseapp.cases.bulk import add_event, at_noon
from caseapp.core.clock import local_today
from caseapp.extensions import db
from caseapp.shelters.models import EndReason, Placement, Shelter
from caseapp.shelters.placements import ENDED, STARTED
from caseapp.shelters.services import free_beds


def add_bulk_placement(rng, setting, case):
    """Queue the case's placement and its timeline events, if its stay began and its organisation has shelters."""
    organisation_id = case.row["organisation_id"]
    shelters = setting.remember(("shelters", organisation_id), lambda: _open_shelters(organisation_id))
    if case.started_on is None or not shelters:
        return
    ends_on, reason = _end(case)
    shelter_id = rng.choice(shelters) if ends_on is not None else _take_bed(rng, setting, organisation_id)
    if shelter_id is None:
        return
    placement = {"id": uuid.uuid4(), "organisation_id": organisation_id, "shelter_id": shelter_id,
                 "case_id": case.id, "starts_on": case.started_on, "ends_on": ends_on, "end_reason": reason,
                 "over_capacity_reason_enc": None, "created_by_id": case.worker,
                 "created_at": at_noon(case.started_on), "version": 2 if ends_on else 1}
    setting.add(Placement, placement)
    add_event(setting, case, case.worker, STARTED, case.started_on, placement_id=placement["id"],
              shelter_id=placement["shelter_id"], starts_on=case.started_on, over_capacity=False)
    if ends_on is not None:
        add_event(setting, case, case.worker, ENDED, ends_on, placement_id=placement["id"],
                  shelter_id=placement["shelter_id"], ends_on=ends_on, reason=reason)


def has_free_bed(setting, organisation_id):
    """True when one of the organisation's open shelters has a bed free today for a stay that starts now."""
    return any(free > 0 for free in _beds(setting, organisation_id).values())


def _take_bed(rng, setting, organisation_id):
    """The id of a shelter with a free bed today (now taken), or None when every bed is taken."""
    beds = _beds(setting, organisation_id)
    free = [shelter_id for shelter_id, count in beds.items() if count > 0]
    if not free:
        return None
    shelter_id = rng.choice(free)
    beds[shelter_id] -= 1
    return shelter_id


def _beds(setting, organisation_id):
    """{shelter id: free beds today}, looked up once per run and counted down as bulk stays take beds."""
    return setting.remember(("beds", organisation_id), lambda: free_beds(db.session.scalars(select(Shelter).where(
        Shelter.organisation_id == organisation_id, Shelter.active.is_(True))).all(), local_today(setting.now)))


def _end(case):
    """The person leaves for home on departure, or moves on when the case closes otherwise."""
    if case.left_on is not None:
        return case.left_on, EndReason.RETURNED_HOME
    if case.row["closed_on"] is not None:
        return case.row["closed_on"], EndReason.MOVED_ON
    return None, None


def _open_shelters(organisation_id):
    return db.session.scalars(select(Shelter.id).where(Shelter.organisation_id == organisation_id,
                                                       Shelter.active.is_(True)).order_by(Shelter.name)).all()
