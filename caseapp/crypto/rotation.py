"""Key rotation and key-usage reports over every model's encrypted columns.

Rotation re-encrypts stored values under the newest data key and, when the
blind-index key (or the index size) changed, rebuilds the blind indexes. It
runs while the application serves requests, so it never goes through ORM
objects: it reads a batch of raw rows in one short transaction, computes the
new values outside any transaction, then writes them in a second short
transaction with a compare-and-swap per row::

    UPDATE t SET <changed columns> = ... WHERE id = :id
      AND <each guarded column> IS NOT DISTINCT FROM <value read>

The guarded columns are the ciphertexts being rewritten (a new ciphertext
depends only on the old one) or, when rebuilding indexes, every encrypted
and plain column an index is computed from. A row the application changed
in between no longer matches and is left alone (the application wrote it
under the newest keys); the batch is then read again, so rows changed only
partly are finished too. Rows already
under the newest key are filtered out in SQL, so an interrupted run simply
resumes, and a second run finds nothing to do.

Every application process must have the new key document before a run
starts; values it writes meanwhile are then already under the newest keys.

Whether the index key changed cannot be read from the keyring, so it is
detected: the indexes of the rows walked last (the last ones an
interrupted rebuild would reach) are recomputed from their decrypted values
and compared; ``reindex=True`` forces a full rebuild.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Integer, LargeBinary, and_, bindparam, case, func, literal, literal_column, or_, select, update

from caseapp.crypto.blind_index import blind_index
from caseapp.crypto.cipher import decrypt, encrypt, key_header, key_id_of, reencrypt, under_newest_key
from caseapp.crypto.fields import encrypted_columns
from caseapp.crypto.loading import get_keyring
from caseapp.extensions import db

BATCH_SIZE = 500
# Re-reads of a batch whose rows kept changing under it; what is left is reported, never lost.
RETRIES = 3
INDEX_SAMPLE = 20


@dataclass
class TableRotation:
    """What rotation did to one table."""

    table: str
    checked: int = 0
    rewritten: int = 0
    skipped: int = 0


@dataclass
class RotationResult:
    """What one rotation run did, table by table."""

    reindexed: bool
    tables: list[TableRotation] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def checked(self):
        """Rows read and checked."""
        return sum(t.checked for t in self.tables)

    @property
    def rewritten(self):
        """Rows written with new ciphertexts or indexes."""
        return sum(t.rewritten for t in self.tables)

    @property
    def skipped(self):
        """Rows that kept changing concurrently and still need a run."""
        return sum(t.skipped for t in self.tables)

    @property
    def rate(self):
        """Rows checked per second."""
        return self.checked / self.seconds if self.seconds else 0.0


class _Table:
    """One model's table with its encrypted fields and multi-column indexes."""

    def __init__(self, model, row_index):
        self.table, self.fields, self.row_index = model.__table__, encrypted_columns(model), row_index
        self.name = self.table.name
        self.indexed = [f for f in self.fields if f.normaliser]
        self.enc = [self.table.c[f.stored_name] for f in self.fields]
        plain = row_index.plain_columns if row_index else ()
        self.plain = [self.table.c[name] for name in plain]
        self.plain_names = tuple(plain)
        self.statements = {}
        # The order rows are walked in. SQLite stores rows by rowid, which an
        # UPDATE keeps: walking by rowid writes each page once, where UUID
        # order writes a page per row. PostgreSQL moves updated rows, so it
        # walks by id.
        sqlite = db.engine.dialect.name == "sqlite"
        self.walk_key = (literal_column("rowid", Integer) if sqlite else self.table.c.id).label("walk_key")

    def index_columns(self):
        """Every blind-index column of the table, single- and multi-column."""
        names = [f.index_name for f in self.indexed] + list(self.row_index.index_columns if self.row_index else ())
        return [self.table.c[name] for name in names]


def known_row_indexes():
    """Multi-column blind indexes the models declare (``__row_index__``), by table."""
    models = [mapper.class_ for mapper in db.Model.registry.mappers]
    return {model.__table__.name: model.__row_index__ for model in models if getattr(model, "__row_index__", None)}


def encrypted_tables(row_indexes=None):
    """Every mapped model with encrypted fields, as rotation's table descriptions."""
    row_indexes = known_row_indexes() if row_indexes is None else row_indexes
    models = sorted((m.class_ for m in db.Model.registry.mappers), key=lambda cls: cls.__table__.name)
    return [_Table(model, row_indexes.get(model.__table__.name)) for model in models if encrypted_columns(model)]


def count_pending(tables, reindex):
    """Rows rotation will check: all rows when reindexing, else those with a value under an older key."""
    total = 0
    for spec in tables:
        query = select(func.count()).select_from(spec.table)
        if not reindex:
            query = query.where(_stale(spec, get_keyring().newest_id))
        total += db.session.scalar(query)
    db.session.commit()
    return total


def index_key_changed(tables, sample=INDEX_SAMPLE):
    """True when a stored blind index differs from the one the current keys give (index key or size changed)."""
    keyring = get_keyring()
    for spec in tables:
        if not spec.indexed and not spec.row_index:
            continue
        index_columns = spec.index_columns()
        rows = db.session.execute(
            select(spec.table.c.id, *spec.enc, *spec.plain, *index_columns)
            .where(or_(*[column.is_not(None) for column in index_columns]))
            .order_by(spec.walk_key.desc()).limit(sample)
        ).all()
        db.session.commit()
        names = {column.name for column in index_columns}
        if any(names & set(_plan(spec, row._mapping, keyring, reindex=True)) for row in rows):
            return True
    return False


def rotate(tables, *, reindex=False, batch_size=BATCH_SIZE, on_batch=None):
    """Re-encrypt every value under the newest data key (and rebuild indexes when ``reindex``)."""
    result = RotationResult(reindexed=reindex)
    started = time.perf_counter()
    for spec in tables:
        result.tables.append(_rotate_table(spec, reindex, batch_size, on_batch))
    result.seconds = time.perf_counter() - started
    return result


def _rotate_table(spec, reindex, batch_size, on_batch):
    """Walk one table in its walk order, batch by batch."""
    done, last_id = TableRotation(spec.name), None
    while True:
        rows = _read(spec, reindex, batch_size, after_id=last_id)
        if not rows:
            return done
        last_id = rows[-1]["walk_key"]
        done.checked += len(rows)
        _write_batch(spec, rows, reindex, done)
        if on_batch:
            on_batch(len(rows))


def _read(spec, reindex, limit, *, after_id=None, ids=None):
    """One batch of raw rows (id, ciphertexts, plain index sources, indexes) in its own short transaction."""
    columns = [spec.walk_key, spec.table.c.id, *spec.enc, *spec.plain, *(spec.index_columns() if reindex else [])]
    query = select(*columns).order_by(spec.walk_key).limit(limit)
    if after_id is not None:
        query = query.where(spec.walk_key.element > after_id)
    if ids is not None:
        query = query.where(spec.table.c.id.in_(ids))
    if not reindex:
        query = query.where(_stale(spec, get_keyring().newest_id))
    rows = [row._mapping for row in db.session.execute(query)]
    db.session.commit()
    return rows


def _write_batch(spec, rows, reindex, done):
    """Write the batch's new values; re-read and retry the rows that changed meanwhile."""
    keyring = get_keyring()
    for _attempt in range(RETRIES + 1):
        planned = [(row, changes) for row in rows if (changes := _plan(spec, row, keyring, reindex))]
        if not planned:
            return
        written = 0
        for targets, group in _by_targets(planned).items():
            guarded = _guarded(spec, targets, reindex)
            params = [_params(row, changes, guarded) for row, changes in group]
            written += db.session.execute(_cas_update(spec, targets, guarded), params).rowcount
        db.session.commit()
        done.rewritten += written
        if written == len(planned):
            return
        rows = _read(spec, reindex, len(planned), ids=[row["id"] for row, _changes in planned])
    done.skipped += len(planned) - written


def _plan(spec, row, keyring, reindex):
    """The columns of ``row`` that need new values: ciphertexts under an old key, and stale indexes."""
    if not reindex:
        fresh = {f.stored_name: reencrypt(keyring, row[f.stored_name], spec.name, f.name, row["id"])
                 for f in spec.fields if row[f.stored_name] is not None}
        # reencrypt returns a value already under the newest key as it is.
        return {name: value for name, value in fresh.items() if value is not row[name]}
    changes, plain = {}, {name: row[name] for name in spec.plain_names}
    for f in spec.fields:
        stored = row[f.stored_name]
        plain[f.name] = None
        if stored is None:
            continue
        text = decrypt(keyring, stored, spec.name, f.name, row["id"])
        if not under_newest_key(keyring, stored):
            changes[f.stored_name] = encrypt(keyring, text, spec.name, f.name, row["id"])
        plain[f.name] = f.from_text(text)
    indexes = {f.index_name: blind_index(spec.name, f.name, plain[f.name], f.normaliser,
                                         keyring=keyring, bits=f.bits) for f in spec.indexed}
    indexes.update(spec.row_index.build(plain) if spec.row_index else {})
    changes.update({name: value for name, value in indexes.items() if value != row[name]})
    return changes


def _by_targets(planned):
    """Rows grouped by the columns they change: one executemany per group."""
    groups = {}
    for row, changes in planned:
        groups.setdefault(tuple(sorted(changes)), []).append((row, changes))
    return groups


def _guarded(spec, targets, reindex):
    """Columns whose values must still be as read for an update to apply."""
    if reindex:
        # Indexes are computed from several columns (a full name from two): all inputs must be unchanged.
        return tuple(column.name for column in [*spec.enc, *spec.plain])
    # A new ciphertext depends only on the old one in the same column.
    return targets


def _params(row, changes, guarded):
    """Bind parameters of the compare-and-swap UPDATE for one row."""
    params = {"b_id": row["id"]}
    params.update({f"o_{name}": row[name] for name in guarded})
    params.update({f"n_{name}": value for name, value in changes.items()})
    return params


def _cas_update(spec, targets, guarded):
    """UPDATE of some columns of one row that only applies if the guarded columns are still as read."""
    key = (targets, guarded)
    if key not in spec.statements:
        columns = spec.table.c
        unchanged = [columns[name].is_not_distinct_from(bindparam(f"o_{name}", type_=columns[name].type))
                     for name in guarded]
        spec.statements[key] = (
            update(spec.table).where(columns.id == bindparam("b_id"), *unchanged)
            .values({columns[name]: bindparam(f"n_{name}", type_=columns[name].type) for name in targets}))
    return spec.statements[key]


def _stale(spec, newest_id):
    """SQL condition: some ciphertext of the row starts with another key's header than the newest."""
    return or_(*[and_(column.is_not(None), ~_under(column, newest_id)) for column in spec.enc])


def key_usage(tables):
    """Stored values per data key id, as {"table.column": Counter(key id -> count)}."""
    key_ids = get_keyring().data_key_ids
    usage = {}
    for spec in tables:
        for f, column in zip(spec.fields, spec.enc):
            per_key = [func.sum(case((_under(column, key_id), 1), else_=0)) for key_id in key_ids]
            total, *known = db.session.execute(select(func.count(column), *per_key)).one()
            counts = Counter({key_id: n for key_id, n in zip(key_ids, known) if n})
            if total > sum(counts.values()):
                counts.update(_unknown_key_ids(column, key_ids))
            usage[f"{spec.name}.{f.name}"] = counts
    db.session.commit()
    return usage


def _under(column, key_id):
    """SQL condition: the ciphertext in ``column`` names data key ``key_id``."""
    header = key_header(key_id)
    return func.substr(column, 1, len(header)) == literal(header, LargeBinary)


def _unknown_key_ids(column, key_ids):
    """Counts of the key ids in ``column`` that are not in the keyring (read from the headers)."""
    query = select(column).where(column.is_not(None), *[~_under(column, key_id) for key_id in key_ids])
    return Counter(key_id_of(bytes(value)) for value in db.session.scalars(query))
