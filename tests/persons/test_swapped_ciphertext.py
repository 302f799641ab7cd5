"""A ciphertext moved to another row or column is refused, with a clear error and no plaintext."""

import pytest
from sqlalchemy import update

from caseapp.crypto import DecryptionError
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.persons.services import PersonData, create_person
from tests.conftest import login


def _copy(source_column, source, target_column, target):
    value = getattr(source, source_column)
    db.session.execute(update(Person).where(Person.id == target.id).values({target_column: value}))
    db.session.expire_all()


def test_ciphertext_copied_to_another_row_is_refused(org_a):
    """Reading a value copied from another person fails, naming the place but not the value."""
    first = create_person(org_a.id, None, PersonData(given_names="Mihaela"))
    second = create_person(org_a.id, None, PersonData(given_names="Ioana"))
    _copy("given_names_enc", first, "given_names_enc", second)
    with pytest.raises(DecryptionError) as error:
        _ = db.session.get(Person, second.id).given_names
    assert "persons" in str(error.value) and "given_names" in str(error.value)
    assert str(second.id) in str(error.value)
    assert "Mihaela" not in str(error.value)


def test_ciphertext_copied_to_another_column_is_refused(org_a):
    """A given name's ciphertext placed in the family-name column does not decrypt."""
    person = create_person(org_a.id, None, PersonData(given_names="Mihaela", family_name="Stan"))
    _copy("given_names_enc", person, "family_name_enc", person)
    with pytest.raises(DecryptionError):
        _ = db.session.get(Person, person.id).family_name


def test_swapped_ciphertext_gives_an_error_page_without_personal_data(app, client, org_a, make_user):
    """The person page answers 500 with the generic message, never another person's name."""
    user = make_user(org_a, locale="en")
    first = create_person(org_a.id, None, PersonData(given_names="Mihaela"))
    second = create_person(org_a.id, None, PersonData(given_names="Ioana"))
    _copy("given_names_enc", first, "given_names_enc", second)
    login(client, user.email)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get(f"/persons/{second.id}")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "Mihaela" not in page and "Ioana" not in page
