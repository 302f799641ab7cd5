"""`caseapp analyze` leaves the query planner table statistics, and on PostgreSQL pages it can answer from the index."""

from sqlalchemy import text

from caseapp.auth.models import Role
from caseapp.auth.services import create_user
from caseapp.extensions import db
from caseapp.orgs.models import OrganisationKind
from caseapp.orgs.services import create_organisation
from tests.factories import new_case, new_person


def _fill():
    organisation = create_organisation(name="Analysed", kind=OrganisationKind.NGO)
    worker = create_user(email="analyse@example.org", display_name="Worker", role=Role.SHELTER_STAFF,
                         password="a long enough password 1", organisation=organisation)
    for _ in range(20):
        new_case(new_person(organisation, by=worker), by=worker)
    db.session.commit()


def _measured():
    """Whether the database holds planner statistics for the cases table (and, on PostgreSQL, all-visible pages)."""
    if db.engine.dialect.name == "sqlite":
        present = db.session.execute(text("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
        return bool(present) and bool(db.session.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases'")))
    return bool(db.session.scalar(text("SELECT relallvisible > 0 AND reltuples > 0 FROM pg_class "
                                       "WHERE relname = 'cases'")))


def test_analyze_measures_the_tables_for_the_planner(committed_db):
    """Before: no statistics after a load; after `caseapp analyze`: statistics (and visibility) for the cases table."""
    application = committed_db
    with application.app_context():
        _fill()
        before = _measured()
        db.session.rollback()  # an open snapshot would keep VACUUM from marking pages all-visible
        result = application.test_cli_runner().invoke(args=["analyze"])
        db.session.rollback()
        assert (before, result.exit_code, _measured()) == (False, 0, True), result.output
        assert "Table statistics refreshed." in result.output
