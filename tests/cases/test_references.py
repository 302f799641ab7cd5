"""Case references: short, unique per organisation and Copenhagen year, shown and searchable."""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from caseapp import create_app
from caseapp.cases.references import next_reference
from caseapp.extensions import db
from caseapp.orgs.services import create_organisation, default_case_prefix
from tests.conftest import login


def test_cases_are_numbered_per_organisation_and_year(org_a, org_b, make_case):
    """The first case of an organisation's year is 0001, the next 0002; another organisation starts again."""
    first, second = make_case(), make_case()
    year = first.opened_at.year
    assert first.reference == f"ORG-{year}-0001" and second.reference == f"ORG-{year}-0002"
    assert next_reference(org_b.id, first.opened_at) == f"ORG-{year}-0001"


def test_the_year_is_the_copenhagen_year(org_a):
    """A case opened at 23:30 UTC on 31 December is already in the new year in Copenhagen."""
    assert next_reference(org_a.id, datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "ORG-2027-0001"
    assert next_reference(org_a.id, datetime(2026, 12, 31, 22, 30, tzinfo=UTC)) == "ORG-2026-0001"


def test_prefix_comes_from_the_name_or_is_set():
    """Without a prefix the first three letters are used; a given prefix is kept in upper case."""
    assert default_case_prefix("Nordlys NGO (demo)") == "NOR"
    organisation = create_organisation(name=f"Havn {uuid.uuid4().hex[:6]}", kind="ngo", case_prefix="hvn")
    assert organisation.case_prefix == "HVN"


def test_case_page_and_list_show_and_find_the_reference(client, make_case, worker):
    """The reference is on the case page and in the list, and the list finds a case by it."""
    case, other = make_case(), make_case(given_names="Other")
    login(client, worker.email)
    assert case.reference in client.get(f"/cases/{case.id}").get_data(as_text=True)
    found = client.get("/cases/", query_string={"reference": case.reference.lower()}).get_data(as_text=True)
    assert case.reference in found and other.reference not in found
    assert "1 case" in found


def test_migration_gives_existing_cases_references(tmp_path):
    """Cases that existed before the migration get references in the order they were opened."""
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite"})
    with app.app_context():
        upgrade(revision="600dfd073ae5")
        org, person = uuid.uuid4(), uuid.uuid4()
        with db.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO organisations (id, name, kind, active, created_at) "
                                       "VALUES (:id, 'Nordlys', 'ngo', 1, '2025-01-01')"), {"id": org.hex})
            connection.execute(sa.text("INSERT INTO persons (id, organisation_id, gender, citizenship, languages, "
                                       "created_at, version) VALUES (:id, :org, 'Feminine', '', '', "
                                       "'2025-01-01', 1)"), {"id": person.hex, "org": org.hex})
            for opened in ("2025-03-01 10:00:00", "2025-02-01 10:00:00", "2026-01-02 10:00:00"):
                connection.execute(sa.text(
                    "INSERT INTO cases (id, organisation_id, person_id, status, exploitation, opened_at, version) "
                    "VALUES (:id, :org, :person, 'open', '', :opened, 1)"),
                    {"id": uuid.uuid4().hex, "org": org.hex, "person": person.hex, "opened": opened})
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT opened_at, reference FROM cases ORDER BY opened_at")).all()
        assert [row[1] for row in rows] == ["NOR-2025-0001", "NOR-2025-0002", "NOR-2026-0001"]
        downgrade(revision="600dfd073ae5")
        db.engine.dispose()
