"""Encrypted model attributes, stored through a real database table on the test engine.

The test model lives in its own MetaData and its table is created inside the
test's rolled-back transaction, so no migration is needed and nothing remains.
"""

import uuid
from datetime import date

import pytest
from sqlalchemy import MetaData, select, update
from sqlalchemy.orm import DeclarativeBase

from caseapp.core.database import UUIDPrimaryKey
from caseapp.crypto import DecryptionError, encrypted, encrypted_columns, key_id_of, normalise_name
from caseapp.extensions import db


class Base(DeclarativeBase):
    """A registry separate from the application's models."""

    metadata = MetaData()


class Record(UUIDPrimaryKey, Base):
    """A stand-in for a model with encrypted fields."""

    __tablename__ = "crypto_test_records"

    given_names = encrypted("given_names", index=normalise_name)
    notes = encrypted("notes")
    born = encrypted("born", kind=date)


@pytest.fixture
def session(keyring):
    """The test's session with the test table created in its transaction."""
    Base.metadata.create_all(db.session.connection())
    return db.session


def reload(session, record_id):
    """The record read back from the database, with nothing cached."""
    session.expunge_all()
    return session.get(Record, record_id)


def test_one_line_declaration_maps_ciphertext_and_index_columns():
    """``encrypted(...)`` adds a binary column and, with an index, a blind-index column."""
    columns = Record.__table__.c
    assert {"given_names_enc", "given_names_bidx", "notes_enc", "born_enc"} <= set(columns.keys())
    assert [field.name for field in encrypted_columns(Record)] == ["given_names", "notes", "born"]


def test_values_round_trip_through_the_database_encrypted(session):
    """Set plaintext, store, read back: the database holds only ciphertext, the model gives text."""
    record = Record(given_names="Ștefania", notes="met at the station", born=date(2001, 5, 4))
    session.add(record)
    session.flush()
    raw = session.execute(select(Record.__table__.c.given_names_enc)).scalar_one()
    assert "Ștefania".encode() not in raw and key_id_of(raw)
    again = reload(session, record.id)
    assert (again.given_names, again.notes, again.born) == ("Ștefania", "met at the station", date(2001, 5, 4))


def test_id_given_to_the_constructor_is_the_one_bound(session):
    """An explicit id passed after the encrypted values is still the id the values are bound to."""
    row_id = uuid.uuid4()
    session.add(Record(given_names="Ana", id=row_id))
    session.flush()
    assert reload(session, row_id).given_names == "Ana"


def test_none_clears_value_and_index(session):
    """Setting None stores NULL in both columns."""
    record = Record(given_names="Ana")
    record.given_names = None
    assert (record.given_names, record.given_names_enc, record.given_names_bidx) == (None, None, None)


def test_wrong_type_is_refused():
    """A date field does not silently store a string."""
    with pytest.raises(TypeError, match="born holds date"):
        Record(born="2001-05-04")


def test_ciphertext_swapped_between_rows_is_refused_on_read(session):
    """Copying one person's stored name onto another row in SQL makes that row fail loudly."""
    first, second = Record(given_names="Ana"), Record(given_names="Maria")
    session.add_all([first, second])
    session.flush()
    table = Record.__table__
    session.execute(update(table).where(table.c.id == second.id).values(given_names_enc=first.given_names_enc))
    with pytest.raises(DecryptionError, match=f"crypto_test_records.given_names of row {second.id}"):
        _ = reload(session, second.id).given_names


def test_ciphertext_moved_to_another_column_is_refused_on_read(session):
    """A name copied into the notes column of the same row does not read as a note."""
    record = Record(given_names="Ana")
    record.notes_enc = record.given_names_enc
    with pytest.raises(DecryptionError, match="crypto_test_records.notes"):
        _ = record.notes


def test_lookup_by_blind_index_finds_the_row_however_the_name_is_typed(session):
    """Searching "ana maria" finds "Ana-Maria" through the index, without decrypting every row."""
    session.add_all([Record(given_names="Ana-Maria"), Record(given_names="Ioana")])
    session.flush()
    found = session.scalars(select(Record).where(Record.given_names.matches("ana  maria"))).all()
    # Other names may share the truncated index; callers confirm candidates by decrypting.
    assert "Ana-Maria" in [record.given_names for record in found]
