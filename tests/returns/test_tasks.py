"""The task list's return items: each step, the next follow-up, the decision after three misses, the closure."""

from datetime import date, timedelta

from caseapp.auth.models import Role
from caseapp.returns.followups import record_follow_up
from caseapp.returns.services import advance
from caseapp.core.due import DueWindows
from caseapp.returns import tasks
from caseapp.returns.due import STEP_DAYS
from caseapp.tasks.services import Group, task_groups

TODAY = date.today()


def step_items(user, today):
    """Every return step due for ``user``, soonest first."""
    [batch] = tasks.step_items(user, today, DueWindows())
    return batch.items


def follow_up_items(user, today):
    """Every follow-up item due for ``user``, soonest first."""
    [batch] = tasks.follow_up_items(user, today, DueWindows())
    return batch.items


def titles(items):
    """The items' titles as text."""
    return [str(item.title) for item in items]


def test_each_step_is_due_in_turn(referred, worker):
    """Referred: the answer, 14 days on; accepted: the planning; travel planned: the departure on its day."""
    prepared = referred()
    [item] = step_items(worker, TODAY)
    assert item.due_on == TODAY + timedelta(days=STEP_DAYS) and "answer" in str(item.title)
    assert item.reference == prepared.case.reference and item.url_values == {"return_id": prepared.id}
    advance(prepared, worker, "accepted", prepared.version)
    assert titles(step_items(worker, TODAY)) == ["Plan the travel home"]
    advance(prepared, worker, "travel_planned", prepared.version, on=TODAY + timedelta(days=9))
    [item] = step_items(worker, TODAY)
    assert (str(item.title), item.due_on) == ("Record the departure", TODAY + timedelta(days=9))
    advance(prepared, worker, "departed", prepared.version, on=TODAY)
    assert step_items(worker, TODAY) == []


def test_only_the_next_follow_up_is_listed_and_it_moves_on(referred, worker):
    """After departure the first follow-up is due; once recorded, the second takes its place."""
    prepared = referred()
    _depart(prepared, worker, TODAY - timedelta(days=45))
    [item] = follow_up_items(worker, TODAY)
    assert item.due_on == prepared.follow_ups[0].due_on and "1 of 6" in str(item.title)
    first = prepared.follow_ups[0]
    record_follow_up(first, worker, first.version, done_on=TODAY, channel="phone", outcome="reached")
    [item] = follow_up_items(worker, TODAY)
    assert "2 of 6" in str(item.title) and item.due_on == prepared.follow_ups[1].due_on


def test_three_misses_raise_a_decision_and_the_end_a_closure(referred, worker):
    """Three not reached in a row add "decide how to go on"; the last follow-up recorded adds the closure."""
    prepared = referred()
    _depart(prepared, worker, TODAY - timedelta(days=100), months=3)
    for follow_up in prepared.follow_ups:
        record_follow_up(follow_up, worker, follow_up.version, done_on=follow_up.due_on, channel="phone",
                         outcome="not_reached")
    items = follow_up_items(worker, TODAY)
    assert any("decide how to go on" in t for t in titles(items))
    assert any("Close the case" in t for t in titles(items))


def test_a_worker_sees_their_own_cases_a_coordinator_the_organisations(referred, worker, org_a, make_user):
    """Another outreach worker does not get this case's items; the coordinator does."""
    referred()
    colleague = make_user(org_a, Role.OUTREACH)
    coordinator = make_user(org_a, Role.COORDINATOR)
    assert step_items(colleague, TODAY) == [] and len(step_items(coordinator, TODAY)) == 1
    assert step_items(make_user(org_a, Role.ADMIN), TODAY) == []


def test_follow_ups_fall_into_the_groups_by_the_day_in_copenhagen(referred, worker):
    """Due yesterday is overdue, today is today, on Sunday this week, on Monday later (seen from a Wednesday)."""
    prepared = referred()
    _depart(prepared, worker, TODAY - timedelta(days=400))
    wednesday = date(2026, 3, 25)
    expected = {date(2026, 3, 24): Group.OVERDUE, date(2026, 3, 25): Group.TODAY,
                date(2026, 3, 29): Group.THIS_WEEK, date(2026, 3, 30): Group.LATER}
    for due_on, group in expected.items():
        prepared.follow_ups[0].due_on = due_on
        groups = {g.group: [str(i.title) for i in g.items] for g in task_groups(worker, wednesday)}
        assert any("Follow-up contact 1" in t for t in groups[group]), (due_on, groups)


def _depart(prepared, worker, on, months=6):
    advance(prepared, worker, "accepted", prepared.version)
    advance(prepared, worker, "travel_planned", prepared.version, on=on)
    advance(prepared, worker, "departed", prepared.version, on=on, months=months)


def test_a_follow_up_turns_due_today_at_midnight_in_copenhagen(referred, worker):
    """At 23:59 in Copenhagen (22:59 UTC in winter) it is due tomorrow; a minute later it is due today."""
    from datetime import UTC, datetime

    from caseapp.core.clock import local_today

    prepared = referred()
    _depart(prepared, worker, TODAY - timedelta(days=400))
    prepared.follow_ups[0].due_on = date(2026, 3, 25)
    before, after = (local_today(datetime(2026, 3, 24, 22, 59, tzinfo=UTC)),
                     local_today(datetime(2026, 3, 24, 23, 0, tzinfo=UTC)))
    groups = [{g.group for g in task_groups(worker, day) if any("Follow-up" in str(i.title) for i in g.items)}
              for day in (before, after)]
    assert groups == [{Group.THIS_WEEK}, {Group.TODAY}]
