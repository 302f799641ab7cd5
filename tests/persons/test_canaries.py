"""Canary values saved through the app never appear in plaintext in the database or the logs."""

import logging

import pytest
from caseapp import create_app
from caseapp.extensions import db
from caseapp.persons.services import PersonData, create_person
from tests.canaries import CANARY_NAME, CANARY_NOTE, CANARY_PHONE, NEEDLES, plaintext_hits
from tests.conftest import login, post_form
from tests.databases import reset_database

def test_canaries_saved_through_the_ui_are_only_stored_encrypted(client, org_a, make_user, caplog):
    """Name, phone and note typed into the form are in no table nor log line in plaintext."""
    caplog.set_level(logging.DEBUG)
    login(client, make_user(org_a, locale="en").email)
    response = post_form(client, "/persons/new", {
        "given_names": CANARY_NAME, "family_name": CANARY_NAME, "aliases": CANARY_NAME, "gender": "Feminine",
        "phones": CANARY_PHONE, "notes": CANARY_NOTE, "address": CANARY_NOTE,
    })
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert CANARY_NAME in shown and CANARY_NOTE in shown
    post_form(client, "/persons/", {"query": CANARY_NAME})
    assert plaintext_hits() == []
    assert not [n for n in NEEDLES if n.lower() in caplog.text.lower()]


@pytest.fixture
def sqlite_file_db(tmp_path):
    """An app on its own SQLite file whose writes are really committed to disk."""
    path = tmp_path / "canary.sqlite"
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    reset_database(app)
    return app, path


def test_canaries_are_not_in_the_sqlite_file(sqlite_file_db, make_org):
    """The SQLite file's bytes hold no canary after a committed save."""
    app, path = sqlite_file_db
    with app.app_context():
        organisation = make_org()
        create_person(organisation.id, None, PersonData(
            given_names=CANARY_NAME, family_name=CANARY_NAME, aliases=[CANARY_NAME],
            phones=[CANARY_PHONE], notes=CANARY_NOTE))
        db.session.commit()
        db.engine.dispose()
    data = path.read_bytes()
    assert CANARY_NAME.encode() not in data
    assert CANARY_NOTE.encode() not in data
    assert b"799123456" not in data
