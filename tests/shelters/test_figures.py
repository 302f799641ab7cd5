"""The indicator counts persons placed in a shelter, on the placement's first day, once per person."""

from datetime import date

from caseapp.shelters.placements import end_placement, place
from caseapp.stats import counting

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def test_two_stays_of_one_person_count_once(org_a, coordinator, shelter_one, shelter_two, new_case):
    """One woman placed twice and another placed once: two persons placed in the year."""
    twice, once = new_case("Ioana"), new_case("Elena")
    first = place(twice, coordinator, shelter=shelter_one, starts_on=date(2026, 2, 1))
    end_placement(first, twice, coordinator, ends_on=date(2026, 3, 1), reason="transferred", version=first.version)
    place(twice, coordinator, shelter=shelter_two, starts_on=date(2026, 3, 1))
    place(once, coordinator, shelter=shelter_one, starts_on=date(2026, 4, 1))
    assert counting.count([org_a.id], YEAR, with_identified=False).services["shelter_placements"] == 2


def test_a_placement_counts_in_the_period_it_started(org_a, coordinator, shelter_one, new_case):
    """Placed on 31 December 2025: counted in 2025, not in 2026."""
    place(new_case(), coordinator, shelter=shelter_one, starts_on=date(2025, 12, 31))
    assert counting.count([org_a.id], YEAR, with_identified=False).services["shelter_placements"] == 0
    earlier = (date(2025, 1, 1), date(2025, 12, 31))
    assert counting.count([org_a.id], earlier, with_identified=False).services["shelter_placements"] == 1
