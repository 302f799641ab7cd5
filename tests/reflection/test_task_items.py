"""Running periods reach the task list through a window selected in SQL: due on the deadline, scoped, bounded."""

from datetime import date

from caseapp.auth.models import Role
from caseapp.cases.services import open_case, record_decision
from caseapp.core.due import DueWindows
from caseapp.reflection.periods import deadline_after
from caseapp.reflection.presenters import due_items
from caseapp.reflection.services import start_period
from tests.factories import new_person
from tests.reflection.conftest import LENGTHS, TODAY


def reflecting(org, actor, worker, decided_on):
    """A case of ``org`` assigned to ``worker`` whose period started on ``decided_on``."""
    case = open_case(org.id, new_person(org, by=actor, given_names="Ioana"), actor, assigned_to=worker)
    record_decision(case, actor, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                    decided_on=date(2026, 1, 2), version=case.version)
    start_period(case, actor, LENGTHS, decided_on=decided_on, decided_by="dis", today=decided_on,
                 version=case.version)
    return case


def due_in_every_day(user, **window):
    """The batch of the one window of every day (``window``: the DueWindows' limit, worker_id)."""
    [batch] = due_items(user, TODAY, DueWindows(**window))
    return batch


def test_periods_are_due_on_their_deadline_soonest_first_and_bounded(app, org_a, staff):
    """Three periods, asked for two: the two nearest deadlines, titled with the next step, and a count of three."""
    cases = [reflecting(org_a, staff, staff, date(2026, 3, day)) for day in (3, 1, 2)]
    batch = due_in_every_day(staff, limit=2)
    assert [item.case_id for item in batch.items] == [cases[1].id, cases[2].id] and batch.total == 3
    assert [str(item.title) for item in batch.items] == ["Apply for an extension"] * 2
    assert batch.items[0].due_on == deadline_after(date(2026, 3, 1), LENGTHS.usual)


def test_only_the_chosen_workers_and_never_another_organisations_periods(app, org_a, org_b, staff, make_user):
    """The coordinator's filter keeps one worker's periods; organisation B's coordinator sees none of A's."""
    worker, other = make_user(org_a, Role.OUTREACH), make_user(org_a, Role.OUTREACH)
    mine, theirs = reflecting(org_a, staff, worker, date(2026, 3, 1)), reflecting(org_a, staff, other, date(2026, 3, 2))
    outsider = make_user(org_b, Role.COORDINATOR)
    assert {i.case_id for i in due_in_every_day(staff).items} == {mine.id, theirs.id}
    assert [i.case_id for i in due_in_every_day(staff, worker_id=worker.id).items] == [mine.id]
    assert due_in_every_day(outsider).total == 0
    assert due_in_every_day(worker).items == []
