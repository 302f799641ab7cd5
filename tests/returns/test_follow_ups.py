"""Follow-ups after return: calendar months from the departure day, recorded once, three unreached call for a decision."""

from datetime import date, timedelta

import pytest

from caseapp.core.clock import local_today
from caseapp.returns.followups import FollowUpError, follow_up_days, record_follow_up, unreached_streak
from caseapp.returns.models import Channel, Outcome
from caseapp.returns.services import advance


@pytest.mark.parametrize(("departed", "expected"), [
    (date(2025, 1, 31), [date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31),
                         date(2025, 6, 30), date(2025, 7, 31)]),
    (date(2024, 1, 31), [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31),
                         date(2024, 6, 30), date(2024, 7, 31)]),  # leap year
    (date(2025, 8, 31), [date(2025, 9, 30), date(2025, 10, 31), date(2025, 11, 30), date(2025, 12, 31),
                         date(2026, 1, 31), date(2026, 2, 28)]),  # across the new year
    (date(2023, 9, 29), [date(2023, 10, 29), date(2023, 11, 29), date(2023, 12, 29), date(2024, 1, 29),
                         date(2024, 2, 29), date(2024, 3, 29)]),
])
def test_follow_ups_fall_monthly_from_the_departure_day(departed, expected):
    """Each month counts from the departure day itself: a short month does not shift the later ones."""
    assert follow_up_days(departed, 6) == expected


def test_the_number_of_months_is_a_setting(app, referred, worker, monkeypatch):
    """CASEAPP_REINTEGRATION_MONTHS decides how many follow-ups departure schedules (default six)."""
    assert app.config["REINTEGRATION_MONTHS"] == 6
    prepared = _departed(referred(), worker, date(2024, 1, 31), months=3)
    assert [f.due_on for f in prepared.follow_ups] == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]
    assert [f.number for f in prepared.follow_ups] == [1, 2, 3]


def test_a_follow_up_is_recorded_once_with_an_encrypted_note(referred, worker):
    """Date, channel, outcome and note are kept; the note is encrypted; recording twice is refused."""
    prepared = _departed(referred(), worker, local_today() - timedelta(days=40))
    first = prepared.follow_ups[0]
    record_follow_up(first, worker, first.version, done_on=local_today(), channel="partner_visit",
                     outcome="reached", note="Living with her mother")
    assert (first.channel, first.outcome, first.note) == (Channel.PARTNER_VISIT, Outcome.REACHED,
                                                          "Living with her mother")
    assert b"mother" not in first.note_enc
    with pytest.raises(FollowUpError, match="already"):
        record_follow_up(first, worker, first.version, done_on=local_today(), channel="phone", outcome="reached")


def test_a_contact_before_the_departure_or_in_the_future_is_refused(referred, worker):
    """The day of the contact lies between the departure and today."""
    departed = local_today() - timedelta(days=40)
    first = _departed(referred(), worker, departed).follow_ups[0]
    for wrong in (departed - timedelta(days=1), local_today() + timedelta(days=1)):
        with pytest.raises(FollowUpError, match="between"):
            record_follow_up(first, worker, first.version, done_on=wrong, channel="phone", outcome="reached")


def test_three_not_reached_in_a_row_raise_the_question(referred, worker):
    """Two misses are not enough; the third in a row is; a contact that reaches her ends the streak."""
    prepared = _departed(referred(), worker, local_today() - timedelta(days=200))
    outcomes = ["not_reached", "not_reached", "reached", "not_reached", "not_reached"]
    for follow_up, outcome in zip(prepared.follow_ups, outcomes):
        record_follow_up(follow_up, worker, follow_up.version, done_on=follow_up.due_on, channel="phone",
                         outcome=outcome)
    assert unreached_streak(prepared) is None
    sixth = prepared.follow_ups[5]
    record_follow_up(sixth, worker, sixth.version, done_on=local_today(), channel="message", outcome="not_reached")
    assert unreached_streak(prepared) == sixth


def _departed(prepared, worker, on, months=6):
    advance(prepared, worker, "accepted", prepared.version)
    advance(prepared, worker, "travel_planned", prepared.version, on=on)
    advance(prepared, worker, "departed", prepared.version, on=on, months=months)
    return prepared
