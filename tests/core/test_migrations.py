"""The schema comes only from the migrations, and they match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

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
