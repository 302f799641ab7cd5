"""Returns in the subject-access export, erased with the person, and counted by the national indicator."""

from datetime import date, timedelta

from sqlalchemy import func, select

from caseapp.core.clock import local_today
from caseapp.extensions import db
from caseapp.retention.services import erase_person, subject_access_export
from caseapp.returns.followups import record_follow_up
from caseapp.returns.models import FollowUp, PlanItem, PreparedReturn
from caseapp.returns.plan import add_item
from caseapp.returns.services import advance
from caseapp.stats import counting


def _departed(referred, worker, on, months=2):
    prepared = referred()
    add_item(prepared, worker, "schooling", "Two children, school in Iași")
    advance(prepared, worker, "accepted", prepared.version)
    advance(prepared, worker, "travel_planned", prepared.version, on=on)
    advance(prepared, worker, "departed", prepared.version, on=on, months=months)
    return prepared


def test_the_export_holds_the_return_plan_and_follow_ups_decrypted(org_a, referred, worker):
    """Region, plan note and follow-up dates come out readable in the person's export."""
    prepared = _departed(referred, worker, local_today() - timedelta(days=10))
    [section] = subject_access_export(org_a.id, prepared.case.person)["returns"]
    assert section["region"] == "Iași" and section["return_organisation"] == "IOM"
    assert section["plan"][0]["note"] == "Two children, school in Iași" and len(section["follow_ups"]) == 2


def test_erasing_the_person_erases_the_return_and_everything_under_it(org_a, referred, worker):
    """The database cascades from the case: return, plan items and follow-ups are gone."""
    prepared = _departed(referred, worker, local_today() - timedelta(days=10))
    erase_person(org_a.id, prepared.case.person, worker, "subject_request")
    db.session.expire_all()
    for model in (PreparedReturn, PlanItem, FollowUp):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0


def test_departures_and_completed_follow_ups_count_in_their_quarter(org_a, org_b, referred, worker):
    """A return departed in the first quarter; its follow-up period completed in the second."""
    prepared = _departed(referred, worker, date(2026, 2, 10))
    for follow_up in prepared.follow_ups:
        record_follow_up(follow_up, worker, follow_up.version, done_on=follow_up.due_on, channel="phone",
                         outcome="reached")
    spring = counting.count([org_a.id], (date(2026, 1, 1), date(2026, 3, 31)), with_identified=False).services
    summer = counting.count([org_a.id], (date(2026, 4, 1), date(2026, 6, 30)), with_identified=False).services
    assert (spring["prepared_returns"], spring["follow_ups_completed"]) == (1, 0)
    assert (summer["prepared_returns"], summer["follow_ups_completed"]) == (0, 1)
    other = counting.count([org_b.id], (date(2026, 1, 1), date(2026, 6, 30)), with_identified=False).services
    assert other["prepared_returns"] == 0
