"""The busiest pages read through indexes: no full scan, and lists stop after a page instead of sorting everything.

Plans, not times, so these cannot flake. On PostgreSQL the planner prefers
a sequential scan of tables this small, so the test turns scans and sorts
off for its own transaction: what it proves there is that an index able to
serve the query exists and is used when scanning would cost more.
"""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import insert, text

from caseapp.auth.models import Role
from caseapp.cases.models import Case
from caseapp.cases.services import cases_of_person, list_cases
from caseapp.contacts.models import Contact, PlaceType
from caseapp.contacts.services import list_contacts, recent_contacts
from caseapp.extensions import db
from caseapp.shelters.services import assign_staff, create_shelter
from caseapp.tasks.services import task_groups
from tests.conftest import recorded_statements
from tests.factories import new_person

CASES, CONTACTS = 2000, 3000
# A whole-table read: SQLite's "SCAN cases" (not "SEARCH"), PostgreSQL's "Seq Scan on cases".
FULL_SCAN = re.compile(r"^\s*SCAN (cases|contacts|persons)\b|Seq Scan on (cases|contacts|persons)\b", re.M)
# The same for the tables the task list reads: a source's due rows come from the few open cases, by index.
TASK_SCAN = re.compile(r"^\s*SCAN (cases|placements|returns|return_follow_ups|reflection_periods)\b"
                       r"|Seq Scan on (cases|placements|returns|return_follow_ups|reflection_periods)\b", re.M)
# Sorting every matching row: SQLite's temp B-tree for the whole ORDER BY, PostgreSQL's Sort node.
FULL_SORT = re.compile(r"USE TEMP B-TREE FOR ORDER BY|^\s*(->\s*)?Sort\b", re.M)


@pytest.fixture
def crowded(org_a, make_user):
    """An organisation with 2,000 cases of 40 persons and 3,000 contacts, inserted in bulk."""
    worker = make_user(org_a, Role.COORDINATOR)
    persons = [new_person(org_a, by=worker, given_names=f"P{n}") for n in range(40)]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    db.session.execute(insert(Case), [
        {"id": uuid.uuid4(), "organisation_id": org_a.id, "person_id": persons[n % 40].id, "status": "open",
         "exploitation": "", "reference": f"T-{n}", "opened_at": start + timedelta(hours=n), "version": 1,
         "assigned_to_id": worker.id if n % 3 else None} for n in range(CASES)])
    db.session.execute(insert(Contact), [
        {"id": uuid.uuid4(), "organisation_id": org_a.id, "person_id": persons[n % 40].id if n % 2 else None,
         "occurred_at": start + timedelta(hours=n), "place_type": PlaceType.STREET, "indicators": "",
         "services": "", "version": 1} for n in range(CONTACTS)])
    db.session.flush()
    _discourage_scans()
    return SimpleNamespace(org=org_a, worker=worker, person=persons[7])


def _discourage_scans():
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        db.session.execute(text("SET LOCAL enable_sort = off"))


def _plans(call):
    """(statement, plan) of every SELECT ``call`` runs, the plan explained on the test's own connection."""
    with recorded_statements() as statements:
        call()
    cursor = db.session.connection().connection.cursor()
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    found = []
    for statement, parameters in statements:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            cursor.execute(prefix + statement, parameters)
            found.append((statement, "\n".join(str(row[-1]) for row in cursor.fetchall())))
    return found


def _case_filter(**chosen):
    return SimpleNamespace(**{"status": None, "assigned_to_id": None, "reference": None, "within": None,
                              "per_page": 50, "page": 3, **chosen})


@pytest.mark.parametrize("chosen", [{}, {"status": "open"}, {"assigned_to_id": "worker"}],
                         ids=["all cases", "by status", "by worker"])
def test_the_case_list_walks_an_index_and_sorts_one_page_at_most(crowded, chosen):
    """Every query of the case list reads through an index; the page of ids needs no sort at all."""
    if chosen.get("assigned_to_id"):
        chosen["assigned_to_id"] = crowded.worker.id
    plans = _plans(lambda: list_cases(crowded.org.id, _case_filter(**chosen)))
    assert plans and not [plan for _sql, plan in plans if FULL_SCAN.search(plan)], plans
    [page_of_ids] = [plan for sql, plan in plans if "LIMIT" in sql.upper()]
    assert not FULL_SORT.search(page_of_ids), page_of_ids


def test_the_contact_list_walks_an_index_newest_first(crowded):
    """The contact list and its (bounded) count read the organisation's index; the page needs no sort."""
    plans = _plans(lambda: list_contacts(crowded.org.id, page=3))
    assert plans and not [plan for _sql, plan in plans if FULL_SCAN.search(plan)], plans
    [page] = [plan for sql, plan in plans if "ORDER BY" in sql.upper() and "LIMIT" in sql.upper()]
    assert not FULL_SORT.search(page), page


def test_the_person_page_reads_the_persons_rows_not_the_organisations(crowded):
    """Her latest contacts and her cases come through her own indexes, never the organisation's."""
    person = crowded.person
    plans = _plans(lambda: (recent_contacts(crowded.org.id, person.id), cases_of_person(crowded.org.id, person.id)))
    assert len(plans) == 2 and not [plan for _sql, plan in plans if FULL_SCAN.search(plan)], plans
    contacts_plan, cases_plan = (plan for _sql, plan in plans)
    assert "ix_contacts_person_occurred" in contacts_plan and "ix_cases_person_opened" in cases_plan, plans


def test_the_task_list_reads_through_indexes_for_coordinators_and_shelter_staff(crowded, make_user):
    """One statement per source, each through indexes: for shelter staff, their shelters' recent stays too."""
    staff = make_user(crowded.org, Role.SHELTER_STAFF)
    assign_staff(create_shelter(crowded.org.id, name="Safe", capacity=4, address="Hemmelig Vej 1"), [staff.id])
    for user in (crowded.worker, staff):
        plans = _plans(lambda user=user: task_groups(user, date(2026, 3, 4)))
        assert len(plans) == 3 and not [plan for _sql, plan in plans if TASK_SCAN.search(plan)], plans
    # Stays running or ended lately, by shelter and end: not every stay of the shelter's twenty years.
    placed = [plan for _sql, plan in plans if "placements" in plan]
    assert placed and all("ix_placements_shelter_ends" in plan for plan in placed), plans
