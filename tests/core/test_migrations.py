"""The schema comes only from the migrations, and they match the models."""

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from caseapp import create_app
from caseapp.extensions import db


def test_models_and_migrations_do_not_drift(app):
    """Autogenerate finds nothing to add: `caseapp db check` would pass on this database."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_migrations_go_down_and_up_again(tmp_path):
    """Every migration can be reverted and re-applied on a fresh database."""
    url = "sqlite:///" + str(tmp_path / "cycle.sqlite")
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert "users" not in inspect(db.engine).get_table_names()
        upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_rebuilding_tables_on_sqlite_keeps_every_child_row(tmp_path):
    """The cascade migration rebuilds the cases table; the timelines and consents of existing cases survive it."""
    url = "sqlite:///" + str(tmp_path / "rebuild.sqlite")
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="83fad6972eb4")
        _insert_case_with_children(db.engine)
        upgrade()
        with db.engine.connect() as connection:
            counts = [connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                      for table in ("cases", "case_events", "consents", "contacts")]
        db.engine.dispose()
    assert counts == [1, 1, 1, 1]


def _insert_case_with_children(engine):
    """One organisation, person, case, timeline event, consent and contact, written as the old schema stores them."""
    ids = {name: uuid.uuid4().hex for name in ("org", "person", "case", "event", "consent", "contact")}
    statements = [
        "INSERT INTO organisations (id, name, kind, active, created_at) VALUES (:org, 'Org', 'ngo', 1, '2026-01-01')",
        "INSERT INTO persons (id, organisation_id, gender, citizenship, languages, created_at, version) "
        "VALUES (:person, :org, 'Feminine', '', '', '2026-01-01', 1)",
        "INSERT INTO cases (id, organisation_id, person_id, status, exploitation, opened_at, version) "
        "VALUES (:case, :org, :person, 'open', '', '2026-01-01', 1)",
        "INSERT INTO case_events (id, case_id, occurred_at, kind, detail) "
        "VALUES (:event, :case, '2026-01-01', 'opened', '{}')",
        "INSERT INTO consents (id, case_id, purpose, given_on) VALUES (:consent, :case, 'keep_data', '2026-01-01')",
        "INSERT INTO contacts (id, organisation_id, person_id, occurred_at, place_type, municipality, language, "
        "interpreter_used, indicators, services, version) "
        "VALUES (:contact, :org, :person, '2026-01-01', 'street', '', '', 0, '', '', 1)",
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), ids)
