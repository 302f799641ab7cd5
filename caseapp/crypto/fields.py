"""One-line encrypted model attributes: ``given_names = encrypted("given_names")``.

The declaration maps a nullable binary column ``<name>_enc`` holding the
ciphertext and, with ``index=``, a string column ``<name>_bidx`` holding the
blind index. The attribute itself reads and writes plaintext: setting it
encrypts (and re-indexes) at once, reading it decrypts, and the decrypted
value is cached on the instance until the stored ciphertext changes.

Because the ciphertext is bound to the row id, the model's ``id`` is given
its UUID when the object is constructed, before any encrypted value is set.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import LargeBinary, String, event
from sqlalchemy.orm import mapped_column

from caseapp.crypto.blind_index import INDEX_LENGTH, blind_index
from caseapp.crypto.cipher import cell_prefix, row_bytes, seal, unseal
from caseapp.crypto.loading import get_keyring

_CACHE = "_caseapp_decrypted"
# How each supported Python type is written as text before encryption and read back.
CODECS = {str: (str, str), date: (date.isoformat, date.fromisoformat)}


@dataclass(frozen=True)
class RowIndex:
    """Blind indexes computed from several columns of one row, declared on the model as ``__row_index__``.

    ``build`` takes the row's decrypted and plain values by name and returns
    the index columns' values; key rotation rebuilds them with it.
    """

    plain_columns: tuple[str, ...]
    index_columns: tuple[str, ...]
    build: Callable[[dict], dict]


class EncryptedField:
    """Descriptor for one encrypted column; create it with ``encrypted()``."""

    def __init__(self, name=None, *, kind=str, index=None, bits=None):
        if kind not in CODECS:
            raise TypeError(f"Encrypted fields hold {[k.__name__ for k in CODECS]}, not {kind!r}.")
        self.name, self.kind, self.normaliser, self.bits = name, kind, index, bits
        self.to_text, self.from_text = CODECS[kind]

    def __repr__(self):
        return f"<EncryptedField {getattr(self, 'table', '?')}.{self.name}>"

    def __set_name__(self, owner, attribute):
        # Runs while the class is built, before declarative mapping scans it.
        self.name = self.name or attribute
        self.owner, self.table = owner, owner.__tablename__
        self.stored_name, self.index_name = f"{self.name}_enc", f"{self.name}_bidx"
        self.cell_prefix = cell_prefix(self.table, self.name)
        setattr(owner, self.stored_name, mapped_column(LargeBinary, nullable=True))
        if self.normaliser:
            setattr(owner, self.index_name, mapped_column(String(INDEX_LENGTH), nullable=True, index=True))
        if not event.contains(owner, "init", _assign_row_id):
            event.listen(owner, "init", _assign_row_id)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        stored = getattr(instance, self.stored_name)
        if stored is None:
            return None
        cached = instance.__dict__.get(_CACHE, {}).get(self.name)
        if cached and cached[0] == stored:
            return cached[1]
        return self._remember(instance, stored, self.plaintext(stored, instance.id))

    def __set__(self, instance, value):
        stored, keyring = None, get_keyring()
        if value is not None:
            if not isinstance(value, self.kind):
                raise TypeError(f"{self.table}.{self.name} holds {self.kind.__name__}, not {type(value).__name__}.")
            data = self.to_text(value).encode("utf-8")
            stored = seal(keyring, data, self.cell_prefix + row_bytes(_row_id(instance)))
        setattr(instance, self.stored_name, stored)
        self._remember(instance, stored, value)
        if self.normaliser:
            setattr(instance, self.index_name, self.index_of(value, keyring))

    def columns_for(self, value, row_id, keyring=None):
        """What setting this attribute to ``value`` on row ``row_id`` stores, by column name (for bulk inserts)."""
        keyring = keyring or get_keyring()
        stored = None
        if value is not None:
            stored = seal(keyring, self.to_text(value).encode("utf-8"), self.cell_prefix + row_bytes(row_id))
        columns = {self.stored_name: stored}
        if self.normaliser:
            columns[self.index_name] = self.index_of(value, keyring)
        return columns

    def index_of(self, value, keyring=None):
        """The blind index this column stores for ``value`` (for lookups)."""
        return blind_index(self.table, self.name, value, self.normaliser, keyring=keyring, bits=self.bits)

    def matches(self, value):
        """SQL condition: rows whose blind index equals that of ``value`` (confirm by decrypting)."""
        return self.index_column == self.index_of(value)

    @property
    def stored_column(self):
        """The mapped ``<name>_enc`` column, for selecting ciphertexts through Core."""
        return getattr(self.owner, self.stored_name)

    @property
    def index_column(self):
        """The mapped ``<name>_bidx`` column."""
        return getattr(self.owner, self.index_name)

    def plaintext(self, stored, row_id):
        """Decrypt a ciphertext selected through Core (``stored_column`` of row ``row_id``); None for NULL."""
        if stored is None:
            return None
        data = unseal(get_keyring(), stored, self.cell_prefix + row_bytes(row_id), (self.table, self.name, row_id))
        return self.from_text(data.decode("utf-8"))

    def _remember(self, instance, stored, value):
        """Cache the plaintext together with the ciphertext it belongs to."""
        instance.__dict__.setdefault(_CACHE, {})[self.name] = (stored, value)
        return value


def encrypted(name=None, *, kind=str, index=None, bits=None):
    """Declare an encrypted model attribute; ``name`` is bound into every ciphertext, so never rename it."""
    return EncryptedField(name, kind=kind, index=index, bits=bits)


def encrypted_columns(model):
    """The encrypted fields of ``model`` (for key rotation and status reports)."""
    fields = {}
    for cls in reversed(model.__mro__):
        fields.update({f.name: f for f in vars(cls).values() if isinstance(f, EncryptedField)})
    return list(fields.values())


def _row_id(instance):
    """The instance's UUID, assigned now if it has none yet."""
    if instance.id is None:
        instance.id = uuid.uuid4()
    return instance.id


def _assign_row_id(_target, _args, kwargs):
    # Put ``id`` first among the constructor's keyword arguments (SQLAlchemy
    # lets this event edit them in place), so that encrypted values given to
    # the constructor are bound to the final id, not to a provisional one.
    others = {key: value for key, value in kwargs.items() if key != "id"}
    row_id = kwargs.get("id") or uuid.uuid4()
    kwargs.clear()
    kwargs.update(id=row_id, **others)
