"""Rows for bulk inserts through Core, encrypted exactly as the models encrypt them.

Going through the ORM costs an object, an identity-map entry and a flush
per row; a bulk load of a million rows builds plain dictionaries instead.
Encrypted fields are filled by the model's own field declarations (same
keys, same binding to table, column and row id), so a bulk row and a row
saved through the ORM cannot be told apart.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import insert

from caseapp.crypto.fields import encrypted_columns
from caseapp.crypto.loading import get_keyring
from caseapp.extensions import db


def encrypted_row(model, row, secrets, keyring=None):
    """``row`` (plain column values, with ``id``) plus the ciphertexts and blind indexes of ``secrets``."""
    keyring = keyring or get_keyring()
    fields = _fields_of(model)
    for name, value in secrets.items():
        row.update(fields[name].columns_for(value, row["id"], keyring))
    return row


@cache
def _fields_of(model):
    """The model's encrypted fields by name (looked up once per model: a bulk load asks per row)."""
    return {field.name: field for field in encrypted_columns(model)}


def insert_rows(model, rows):
    """Insert ``rows`` (dictionaries of column values) into ``model``'s table in one executemany."""
    if rows:
        db.session.execute(insert(model.__table__), rows)


@dataclass
class BulkCase:
    """A generated case handed to the features' bulk demo steps: its row and the days of its course.

    ``started_on`` is the day the reflection period and the shelter stay
    began (cases in reflection and later), ``left_on`` the day the person
    travelled home; ``consents`` holds the consent purposes given.
    """

    row: dict
    started_on: date | None = None
    left_on: date | None = None
    consents: set = field(default_factory=set)

    @property
    def id(self):
        """The case's id."""
        return self.row["id"]

    @property
    def worker(self):
        """The id of the worker the case is assigned to."""
        return self.row["assigned_to_id"]
