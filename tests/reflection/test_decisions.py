"""Reflection decisions: start through the state machine, maximum and override, no shortening, no lost edits."""

from datetime import date

import pytest

from caseapp.cases.lifecycle import CaseStatus, TransitionError
from caseapp.cases.services import timeline
from caseapp.core.concurrency import StaleEditError
from caseapp.reflection.services import ReflectionError, extend_period, period_of, start_period

from tests.factories import new_case, new_person
from tests.reflection.conftest import LENGTHS, TODAY

START = date(2026, 3, 1)


def _start(case, staff, **kwargs):
    return start_period(case, staff, LENGTHS, decided_on=kwargs.pop("decided_on", START), decided_by="dis",
                        today=TODAY, version=case.version, **kwargs)


def test_starting_a_period_moves_the_case_into_reflection(identified_case, staff):
    """The usual 100 days from the decision date, the status 'reflection', and a timeline event."""
    case = identified_case()
    period = _start(case, staff)
    assert period.deadline == date(2026, 6, 8) and case.status == CaseStatus.REFLECTION
    assert [d.kind for d in period.decisions] == ["initial"]
    assert "reflection_started" in [e.kind for e in timeline(case)]


def test_an_open_case_cannot_start_a_period(org_a, staff):
    """The state machine refuses: a case must be identified first."""
    case = new_case(new_person(org_a, by=staff, given_names="A"), by=staff)
    with pytest.raises(TransitionError):
        _start(case, staff)


def test_a_deadline_beyond_the_maximum_needs_a_reason(identified_case, staff):
    """121 days is refused without a reason; with one it is recorded with the reason."""
    case = identified_case()
    with pytest.raises(ReflectionError, match="longest period of 120 days"):
        _start(case, staff, deadline=date(2026, 6, 29))
    period = _start(case, staff, deadline=date(2026, 6, 29), override_reason="Court hearing")
    assert period.decisions[0].override_reason == "Court hearing"


def test_the_maximum_itself_needs_no_override(identified_case, staff):
    """Exactly 120 days (deadline 28 June) is allowed without a reason."""
    assert _start(identified_case(), staff, deadline=date(2026, 6, 28)).deadline == date(2026, 6, 28)


def test_a_deadline_before_the_start_is_refused(identified_case, staff):
    """A deadline before the decision date is refused with a clear message."""
    with pytest.raises(ReflectionError, match="before the period starts"):
        _start(identified_case(), staff, deadline=date(2026, 2, 28))


def test_a_decision_date_in_the_future_is_refused(identified_case, staff):
    """A decision cannot be dated after today."""
    with pytest.raises(ReflectionError, match="between"):
        _start(identified_case(), staff, decided_on=date(2026, 6, 2))


def test_an_extension_moves_the_deadline_and_keeps_the_history(identified_case, staff):
    """The extension is a second decision with its reason; the period's deadline follows it."""
    case = identified_case()
    period = _start(case, staff)
    extend_period(period, case, staff, LENGTHS, decided_on=date(2026, 5, 20), decided_by="dis",
                  deadline=date(2026, 6, 20), reason="Medical treatment", today=TODAY, version=period.version)
    assert period.deadline == date(2026, 6, 20)
    assert [(d.kind, d.deadline) for d in period_of(case).decisions] == [
        ("initial", date(2026, 6, 8)), ("extension", date(2026, 6, 20))]
    assert period.decisions[1].reason == "Medical treatment"


@pytest.mark.parametrize("deadline", [date(2026, 6, 8), date(2026, 6, 1)])
def test_an_extension_that_does_not_lengthen_is_refused(identified_case, staff, deadline):
    """The same or an earlier deadline is refused: a period is never shortened by an 'extension'."""
    case = identified_case()
    period = _start(case, staff)
    with pytest.raises(ReflectionError, match="must move the deadline later"):
        extend_period(period, case, staff, LENGTHS, decided_on=TODAY, decided_by="dis", deadline=deadline,
                      reason="x", today=TODAY, version=period.version)
    assert period.deadline == date(2026, 6, 8)


def test_an_extension_beyond_the_maximum_needs_a_reason(identified_case, staff):
    """Extending past 120 days in all needs the override reason."""
    case = identified_case()
    period = _start(case, staff)
    with pytest.raises(ReflectionError, match="longest period"):
        extend_period(period, case, staff, LENGTHS, decided_on=TODAY, decided_by="cmm",
                      deadline=date(2026, 7, 1), reason="Trial", today=TODAY, version=period.version)
    extend_period(period, case, staff, LENGTHS, decided_on=TODAY, decided_by="cmm", deadline=date(2026, 7, 1),
                  reason="Trial", today=TODAY, override_reason="Witness in trial", version=period.version)
    assert period.deadline == date(2026, 7, 1)


def test_the_second_of_two_extensions_from_the_same_page_is_refused(identified_case, staff):
    """Both forms were shown at version 1: the second submission is refused and the first is kept."""
    case = identified_case()
    period = _start(case, staff)
    shown = period.version
    extend_period(period, case, staff, LENGTHS, decided_on=TODAY, decided_by="dis", deadline=date(2026, 6, 20),
                  reason="First", today=TODAY, version=shown)
    with pytest.raises(StaleEditError):
        extend_period(period, case, staff, LENGTHS, decided_on=TODAY, decided_by="dis",
                      deadline=date(2026, 6, 25), reason="Second", today=TODAY, version=shown)
    assert period.deadline == date(2026, 6, 20)


def test_a_deadline_years_away_is_refused_even_with_an_override(identified_case, staff):
    """An override allows a longer period, not a deadline in another decade."""
    with pytest.raises(ReflectionError, match="typing error"):
        _start(identified_case(), staff, deadline=date(2036, 3, 1), override_reason="Typo")
