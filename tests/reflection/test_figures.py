"""The indicator counts reflection periods granted and extended, per person, on the decision's day."""

from datetime import date

from caseapp.stats import counting
from caseapp.reflection.services import extend_period, start_period
from tests.reflection.conftest import LENGTHS, TODAY

SPRING = (date(2026, 1, 1), date(2026, 3, 31))
SUMMER = (date(2026, 4, 1), date(2026, 6, 30))


def _start(case, staff, decided_on):
    return start_period(case, staff, LENGTHS, decided_on=decided_on, decided_by="dis", today=TODAY,
                        version=case.version)


def _services(org, period):
    return counting.count([org.id], period, with_identified=False).services


def test_periods_started_and_extended_count_in_the_quarter_of_their_decision(org_a, staff, identified_case):
    """Two periods granted in spring, one of them extended in summer: 2 started in spring, 1 extended in summer."""
    first, second = identified_case("Ioana"), identified_case("Elena")
    period = _start(first, staff, date(2026, 2, 1))
    _start(second, staff, date(2026, 3, 1))
    extend_period(period, first, staff, LENGTHS, decided_on=date(2026, 5, 1), decided_by="dis",
                  deadline=date(2026, 5, 31), reason="Needs more time", today=TODAY, version=period.version)
    spring, summer = _services(org_a, SPRING), _services(org_a, SUMMER)
    assert (spring["reflection_started"], spring["reflection_extended"]) == (2, 0)
    assert (summer["reflection_started"], summer["reflection_extended"]) == (0, 1)


def test_another_organisations_periods_are_not_counted(org_a, org_b, staff, identified_case):
    """Organisation B's export holds none of organisation A's periods."""
    _start(identified_case(), staff, date(2026, 2, 1))
    assert _services(org_b, SPRING)["reflection_started"] == 0
