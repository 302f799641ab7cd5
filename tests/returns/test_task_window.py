"""The task list selects the due return items of each group in SQL: the soonest, counted, scoped, at fixed cost."""

import random
from datetime import date, timedelta

from caseapp.auth.models import Role
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import give_consent, open_case, record_decision
from caseapp.core import due
from caseapp.core.due import DueWindows
from caseapp.extensions import db
from caseapp.returns import tasks
from caseapp.returns.followups import next_open, record_follow_up, unreached_streak
from caseapp.returns.due import STEP_DAYS
from caseapp.returns.services import OPEN, advance, can_close, refer
from caseapp.tasks import services
from caseapp.tasks.services import SHOWN_PER_GROUP, Group, task_groups
from tests.conftest import login, recorded_statements
from tests.factories import new_person

# A Wednesday long after every step and follow-up the tests make is due: all of them are overdue.
LATE = date(2030, 1, 2)


def returned(org, owner, iom):
    """A return referred to IOM for a new case of ``owner`` in ``org``."""
    case = open_case(org.id, new_person(org, by=owner, given_names="Ana", citizenship=["RO"]), owner)
    record_decision(case, owner, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                    decided_on=date(2026, 1, 2), version=case.version)
    give_consent(case, owner, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    return refer(case, owner, iom, fields=[], country="RO")


def departed(prepared, worker, on, outcomes=()):
    """Depart ``prepared`` on ``on`` with three monthly follow-ups, the first ones recorded with ``outcomes``."""
    advance(prepared, worker, "accepted", prepared.version)
    advance(prepared, worker, "travel_planned", prepared.version, on=on)
    advance(prepared, worker, "departed", prepared.version, on=on, months=3)
    for follow_up, outcome in zip(prepared.follow_ups, outcomes, strict=False):
        record_follow_up(follow_up, worker, follow_up.version, done_on=follow_up.due_on, channel="phone",
                         outcome=outcome)
    return prepared


def test_a_long_group_shows_the_soonest_returns_and_counts_the_rest(client, org_a, worker, iom, monkeypatch):
    """55 returns due over 55 days, made in shuffled order: the page lists the first 50 days and 5 more.

    Past the counting limit the page says "more than" instead of a number it did not count.
    """
    coordinator_of = {}
    offsets = list(range(SHOWN_PER_GROUP + 5))
    random.Random(16).shuffle(offsets)
    for offset in offsets:
        prepared = returned(org_a, worker, iom)
        prepared.status_on = date(2026, 1, 1) + timedelta(days=offset)
        coordinator_of[prepared.case.reference] = offset
    db.session.flush()
    [overdue] = [g for g in task_groups(worker, LATE) if g.group == Group.OVERDUE]
    assert [coordinator_of[item.reference] for item in overdue.shown] == list(range(SHOWN_PER_GROUP))
    assert (overdue.total, overdue.not_shown) == (SHOWN_PER_GROUP + 5, 5)
    db.session.commit()
    login(client, worker.email)
    page = client.get("/tasks/").get_data(as_text=True)
    assert f"({SHOWN_PER_GROUP + 5})" in page and "5 more tasks, due later than these." in page
    assert page.count("Ask the return organisation for its answer") == SHOWN_PER_GROUP
    monkeypatch.setattr(due, "COUNT_LIMIT", 30)
    monkeypatch.setattr(services, "SHOWN_PER_GROUP", 10)
    page = client.get("/tasks/").get_data(as_text=True)
    assert "(more than 30)" in page and "More than 20 more tasks, due later than these." in page
    assert "All tasks (more than 30)" in client.get("/home").get_data(as_text=True)


def reference_items(prepared):
    """The return's items by the rules of the return page (loaded in Python): the behaviour to keep."""
    items = []
    if prepared.status in OPEN:
        step_due = prepared.planned_on if prepared.status == "travel_planned" and prepared.planned_on else \
            prepared.status_on + timedelta(days=STEP_DAYS)
        items.append((step_due, str(tasks.STEP_TITLES[prepared.status])))
    if prepared.status == "departed":
        upcoming, streak = next_open(prepared), unreached_streak(prepared)
        if upcoming is not None:
            items.append((upcoming.due_on, f"Follow-up contact {upcoming.number} of 3 after return"))
        if streak is not None:
            items.append((streak.done_on, "Three follow-ups in a row did not reach the person: decide how to go on"))
        if can_close(prepared):
            items.append((prepared.follow_ups[-1].done_on, "Close the case: the follow-up is complete"))
    return items


def test_sql_gives_the_same_items_as_the_rules_on_each_return(org_a, worker, iom):
    """Every step, next follow-up, decision after three misses and closure, as the return page reckons them."""
    outcomes = [(), ("reached",), ("not_reached", "not_reached"), ("not_reached",) * 3,
                ("reached", "not_reached", "not_reached"), ("reached",) * 3, ("not_reached",) * 2 + ("reached",)]
    returns = [departed(returned(org_a, worker, iom), worker, date(2026, 1, 31) - timedelta(days=index), recorded)
               for index, recorded in enumerate(outcomes)]
    returns += [returned(org_a, worker, iom) for _ in range(2)]
    advance(returns[-1], worker, "accepted", returns[-1].version)
    # Soonest first, then by case; one case's items of one day in the order the rules give them.
    expected = sorted(((due, title, str(p.case_id)) for p in returns for due, title in reference_items(p)),
                      key=lambda item: (item[0], item[2]))
    got = [item for group in task_groups(worker, date(2026, 3, 4)) for item in group.items]
    assert [(item.due_on, str(item.title), str(item.case_id)) for item in got] == expected


def test_another_workers_and_another_organisations_returns_never_appear(org_a, org_b, worker, iom, make_user):
    """A worker sees their own; a coordinator their organisation's, one worker's when filtered; never org B's."""
    colleague, coordinator = make_user(org_a, Role.OUTREACH), make_user(org_a, Role.COORDINATOR)
    stranger = make_user(org_b, Role.OUTREACH)
    mine, theirs = returned(org_a, worker, iom), returned(org_a, colleague, iom)
    departed(returned(org_b, stranger, iom), stranger, date(2026, 1, 5))

    def cases(user, worker_id=None):
        groups = task_groups(user, LATE, worker_id)
        return {item.case_id for g in groups for item in g.items}, sum(g.total for g in groups)

    assert cases(worker) == ({mine.case_id}, 1)
    assert cases(coordinator) == ({mine.case_id, theirs.case_id}, 2)
    assert cases(coordinator, colleague.id) == ({theirs.case_id}, 1)
    assert cases(coordinator, stranger.id) == (set(), 0)


def test_the_task_list_runs_as_many_statements_for_many_due_returns_as_for_few(org_a, worker, iom):
    """Steps, follow-ups, decisions and closures: the same statements for three returns of each as for one."""

    def grow():
        for outcomes in ((), ("not_reached",) * 3, ("reached",) * 3):
            departed(returned(org_a, worker, iom), worker, date(2026, 1, 5), outcomes)
        returned(org_a, worker, iom)

    def counted():
        db.session.flush()
        with recorded_statements() as statements:
            groups = task_groups(worker, date(2026, 3, 4))
        return len(statements), sum(g.total for g in groups)

    grow()
    few, few_items = counted()
    grow()
    grow()
    many, many_items = counted()
    assert many == few and many_items == 3 * few_items
    # One statement per source of the outreach worker (return steps, follow-ups) for the four groups together.
    assert few == 2


def test_each_window_is_bounded_and_soonest_first(org_a, worker, iom):
    """Asked for two items before a day and two from it on, a source gives each window's soonest and counts them all."""
    for offset in (5, 1, 3, 2, 4):
        prepared = returned(org_a, worker, iom)
        prepared.status_on = date(2026, 1, 1) + timedelta(days=offset)
    db.session.flush()
    windows = DueWindows(((None, date(2026, 1, 16)), (date(2026, 1, 17), None)), limit=2)
    before, after = tasks.step_items(worker, LATE, windows)
    assert [item.due_on.day for item in before.items] == [16] and before.total == 1
    assert [item.due_on.day for item in after.items] == [17, 18] and after.total == 4
