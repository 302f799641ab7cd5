"""Placements: capacity with an explicit override, no overlapping stays, ends after starts."""

from datetime import timedelta

import pytest

from caseapp.cases.services import timeline
from caseapp.shelters.placements import OverCapacity, PlacementError, end_placement, place
from caseapp.shelters.services import ShelterError, free_beds, occupancy, update_shelter
from tests.shelters.conftest import DAY


def test_a_full_shelter_needs_an_override_with_a_reason(shelter_one, new_case, coordinator):
    """Two beds taken: the third placement is refused without a reason and accepted with one."""
    for name in ("A", "B"):
        place(new_case(name), coordinator, shelter=shelter_one, starts_on=DAY)
    third = new_case("C")
    with pytest.raises(OverCapacity):
        place(third, coordinator, shelter=shelter_one, starts_on=DAY + timedelta(days=3))
    placement = place(third, coordinator, shelter=shelter_one, starts_on=DAY, over_capacity_reason="Emergency")
    assert placement.over_capacity_reason == "Emergency"
    assert free_beds([shelter_one], DAY)[shelter_one.id] == -1


def test_a_bed_freed_on_the_leaving_day_can_be_taken_that_day(shelter_one, new_case, coordinator):
    """Someone leaving on the 10th frees the bed for someone arriving on the 10th: no override needed."""
    leaving = DAY + timedelta(days=9)
    place(new_case("A"), coordinator, shelter=shelter_one, starts_on=DAY)
    place(new_case("B"), coordinator, shelter=shelter_one, starts_on=DAY, ends_on=leaving)
    place(new_case("C"), coordinator, shelter=shelter_one, starts_on=leaving)
    assert occupancy(shelter_one.id, leaving) == 2
    with pytest.raises(OverCapacity):
        place(new_case("D"), coordinator, shelter=shelter_one, starts_on=leaving - timedelta(days=1),
              ends_on=leaving)


def test_overlapping_placements_of_one_case_are_refused(shelter_one, shelter_two, new_case, coordinator):
    """A case cannot be in two shelters on the same night; a transfer on the leaving day is fine."""
    case = new_case()
    place(case, coordinator, shelter=shelter_one, starts_on=DAY, ends_on=DAY + timedelta(days=5))
    with pytest.raises(PlacementError, match="already placed"):
        place(case, coordinator, shelter=shelter_two, starts_on=DAY + timedelta(days=4))
    place(case, coordinator, shelter=shelter_two, starts_on=DAY + timedelta(days=5))


def test_an_end_before_the_start_is_refused(shelter_one, new_case, coordinator):
    """Neither a new placement nor ending one may end before it starts."""
    case = new_case()
    with pytest.raises(PlacementError, match="before the start"):
        place(case, coordinator, shelter=shelter_one, starts_on=DAY, ends_on=DAY - timedelta(days=1))
    placement = place(case, coordinator, shelter=shelter_one, starts_on=DAY)
    with pytest.raises(PlacementError, match="before the start"):
        end_placement(placement, case, coordinator, ends_on=DAY - timedelta(days=1), reason="moved_on",
                      version=placement.version)


def test_ending_a_placement_frees_the_bed_and_is_on_the_timeline(shelter_one, new_case, coordinator):
    """After the end date the bed is free again; start and end are timeline events."""
    case = new_case()
    placement = place(case, coordinator, shelter=shelter_one, starts_on=DAY)
    end_placement(placement, case, coordinator, ends_on=DAY + timedelta(days=2), reason="returned_home",
                  version=placement.version)
    assert occupancy(shelter_one.id, DAY + timedelta(days=2)) == 0
    assert [e.kind for e in timeline(case)][:2] == ["placement_ended", "placement_started"]


def test_beds_cannot_drop_below_todays_occupancy(shelter_one, new_case, coordinator):
    """With two people placed today, one bed is refused with a message; two are fine."""
    for name in ("A", "B"):
        place(new_case(name), coordinator, shelter=shelter_one, starts_on=DAY)
    with pytest.raises(ShelterError, match="2 people are placed here today"):
        update_shelter(shelter_one, name="Shelter One", capacity=1, address=None, active=True, today=DAY)
    update_shelter(shelter_one, name="Shelter One", capacity=2, address=None, active=True, today=DAY)


def test_dates_out_of_range_are_refused(shelter_one, new_case, coordinator):
    """A typing error such as year 206 or 2206 is refused with the range."""
    from datetime import date
    with pytest.raises(PlacementError, match="between 2000-01-01 and 2099-12-31"):
        place(new_case(), coordinator, shelter=shelter_one, starts_on=date(2206, 3, 1))
