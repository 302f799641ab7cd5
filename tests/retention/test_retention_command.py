"""`caseapp retention run` erases only persons whose every case closed before the retention period."""

from datetime import date, timedelta

from sqlalchemy import func, select

from caseapp.audit.models import AuditEntry
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.stats.models import StatisticalStub
from config import load_config
from tests.conftest import run_cli
from tests.retention.conftest import CANARY_NAME, NEEDLES

LONG_AGO = date.today() - timedelta(days=2000)
RECENTLY = date.today() - timedelta(days=30)


def _persons(make_person, make_case):
    """One person per situation; only ``old`` is past the retention period."""
    old = make_person()
    make_case(old, opened=LONG_AGO - timedelta(days=400), decided_on=LONG_AGO - timedelta(days=300),
              closed_on=LONG_AGO)
    recent = make_person(given_names="Recent")
    make_case(recent, closed_on=RECENTLY)
    still_open = make_person(given_names="Open")
    make_case(still_open, opened=LONG_AGO)
    mixed = make_person(given_names="Mixed")
    make_case(mixed, closed_on=LONG_AGO)
    make_case(mixed, opened=LONG_AGO)
    no_case = make_person(given_names="Nocase")
    return old, [recent, still_open, mixed, no_case]


def _state():
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(Person)),
            db.session.scalar(select(func.count()).select_from(StatisticalStub)))


def test_dry_run_reports_and_changes_nothing(app, make_person, make_case):
    """The dry run names the count and the id of the one expired person and changes nothing."""
    old, _kept = _persons(make_person, make_case)
    before = _state()
    result = run_cli(app, ["retention", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 persons would be erased" in result.output and str(old.id) in result.output
    assert _state() == before
    assert db.session.get(Person, old.id).given_names == CANARY_NAME


def test_run_erases_only_the_expired(app, make_person, make_case):
    """The old closed case's person goes (audited as retention); open, recent, mixed and case-less persons stay."""
    old, kept = _persons(make_person, make_case)
    old_id, kept_ids = old.id, [person.id for person in kept]
    persons, stubs = _state()
    result = run_cli(app, ["retention", "run", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert "Erased 1 persons" in result.output and "1 cases kept" in result.output
    assert _state() == (persons - 1, stubs + 1)
    assert db.session.get(Person, old_id) is None
    assert all(db.session.get(Person, person_id) is not None for person_id in kept_ids)
    assert not [n for n in NEEDLES if n.lower() in result.output.lower()]
    erasure = db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == str(old_id))).one()
    assert (erasure.action, erasure.actor_id, erasure.detail) == ("person.erase", None, {"reason": "retention"})


def test_a_second_run_finds_nothing(app, make_person, make_case):
    """Running again erases nobody more."""
    _persons(make_person, make_case)
    run_cli(app, ["retention", "run"])
    assert "Erased 0 persons" in run_cli(app, ["retention", "run"]).output


def test_retention_days_come_from_the_environment():
    """CASEAPP_RETENTION_DAYS sets the period; the default is five years."""
    assert load_config("testing", environ={})["RETENTION_DAYS"] == 1826
    assert load_config("testing", environ={"CASEAPP_RETENTION_DAYS": "30"})["RETENTION_DAYS"] == 30
