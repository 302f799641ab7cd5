"""`caseapp audit verify` on a committed database: intact chains pass, tampering is caught and located.

The tampering tests act as an attacker with write access to the database
but not the key: they drop the append-only triggers and then alter,
delete or insert rows with plain SQL.
"""

import hashlib
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from caseapp import crypto
from caseapp.audit import services, trail
from caseapp.crypto.keys import keyring_from_document, new_keyring_document
from caseapp.extensions import db
from tests.conftest import run_cli

ENTRIES = 12
TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_entries_no_update", "DROP TRIGGER audit_entries_no_delete"],
    "postgresql": ["DROP TRIGGER audit_entries_no_change ON audit_entries"],
}


def _append(app, count, action="person.view"):
    with app.app_context():
        for number in range(count):
            services.append(action, target_type="person", target_id=f"p-{number}", detail={"count": number})
        db.session.commit()


def _verify(app, *args):
    return run_cli(app, ["audit", "verify", *args])


def _tamper(app, *statements):
    """Run ``statements`` after dropping the append-only triggers, as an attacker would."""
    with app.app_context():
        with db.engine.begin() as connection:
            for statement in TRIGGERS[connection.dialect.name] + list(statements):
                connection.execute(text(statement))


@pytest.fixture
def chain(committed_db):
    """The committed app with ENTRIES entries in its audit chain."""
    _append(committed_db, ENTRIES)
    return committed_db


def _broken_at(result, sequence, kind):
    assert result.exit_code == 1, result.output
    assert f"audit chain broken at entry {sequence} ({kind})" in result.output


def test_empty_trail_verifies(committed_db):
    """No entries is an intact chain of zero entries."""
    result = _verify(committed_db)
    assert (result.exit_code, result.output.strip()) == (0, "audit chain intact: 0 entries")


def test_many_entries_verify_across_batches(committed_db):
    """A long chain read a few entries at a time verifies and reports its head."""
    _append(committed_db, 250)
    result = _verify(committed_db, "--batch-size", "7")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("audit chain intact: 250 entries, head 250 ")


def test_altered_entry_is_found(chain):
    """Changing one entry's detail is reported as altered at its sequence number."""
    _tamper(chain, """UPDATE audit_entries SET detail = '{"count": 99}' WHERE sequence = 5""")
    _broken_at(_verify(chain, "--batch-size", "3"), 5, "altered")


def test_altered_actor_is_found_even_at_a_batch_boundary(chain):
    """The last entry of a batch is checked against the first of the next one."""
    _tamper(chain, "UPDATE audit_entries SET target_id = 'someone-else' WHERE sequence = 4")
    _broken_at(_verify(chain, "--batch-size", "4"), 4, "altered")


def test_deleted_entry_is_found(chain):
    """Removing an entry from the middle leaves a gap that is reported where it starts."""
    _tamper(chain, "DELETE FROM audit_entries WHERE sequence = 6")
    result = _verify(chain)
    _broken_at(result, 6, "deleted")
    assert "5 entries before it verified" in result.output


def test_deleted_first_entries_are_found(chain):
    """Removing the oldest entries is reported too."""
    _tamper(chain, "DELETE FROM audit_entries WHERE sequence <= 2")
    _broken_at(_verify(chain), 1, "deleted")


def test_deleted_and_renumbered_entry_is_found(chain):
    """Closing the gap by renumbering does not help: the renumbered entry no longer fits."""
    renumber = [f"UPDATE audit_entries SET sequence = {n - 1} WHERE sequence = {n}" for n in range(7, ENTRIES + 1)]
    _tamper(chain, "DELETE FROM audit_entries WHERE sequence = 6", *renumber)
    _broken_at(_verify(chain), 6, "inserted")


def test_inserted_entry_is_found(chain):
    """A forged entry slipped into the middle (later ones moved up) is reported as inserted."""
    with chain.app_context():
        previous = db.session.execute(text("SELECT hash FROM audit_entries WHERE sequence = 5")).scalar()
    make_room = [f"UPDATE audit_entries SET sequence = {n + 1} WHERE sequence = {n}" for n in range(ENTRIES, 5, -1)]
    forged = hashlib.sha256(b"forged").hexdigest()
    _tamper(chain, *make_room, _insert_sql(6, previous, forged))
    _broken_at(_verify(chain), 6, "inserted")


def test_forged_entry_appended_at_the_end_is_found(chain):
    """A forged entry added after the last one, correctly linked but without the key, is caught."""
    with chain.app_context():
        last = db.session.execute(text(f"SELECT hash FROM audit_entries WHERE sequence = {ENTRIES}")).scalar()
    _tamper(chain, _insert_sql(ENTRIES + 1, last, hashlib.sha256(b"forged").hexdigest()))
    _broken_at(_verify(chain), ENTRIES + 1, "altered or inserted")


def test_copied_entry_is_found(chain):
    """Replaying a genuine entry under a new number fails its HMAC (the number is part of it)."""
    columns = "occurred_at, organisation_id, actor_id, action, target_type, target_id, detail, key_id, prev_hash, hash"
    _tamper(chain, f"INSERT INTO audit_entries (sequence, {columns}) "
                   f"SELECT {ENTRIES + 1}, {columns} FROM audit_entries WHERE sequence = 3")
    _broken_at(_verify(chain), ENTRIES + 1, "altered or inserted")


def test_entries_under_another_key_are_named(chain):
    """With a different index key loaded, verify says which key the entries need instead of guessing."""
    chain.extensions[crypto.EXTENSION_KEY] = keyring_from_document(new_keyring_document(), "other keys")
    result = _verify(chain)
    _broken_at(result, 1, "unknown key")


def test_concurrent_appends_never_fork_the_chain(committed_db):
    """Several threads appending at once leave one unbroken chain with every entry."""
    threads, per_thread, errors = 4, 15, []
    dialect = _dialect(committed_db)

    def work():
        with committed_db.app_context():
            for _ in range(per_thread):
                _append_with_retry(dialect, errors)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    result = _verify(committed_db)
    assert result.output.strip().startswith(f"audit chain intact: {threads * per_thread} entries"), result.output
    # PostgreSQL's advisory lock makes appenders wait; SQLite may refuse a writer, which then retries.
    assert dialect == "sqlite" or errors == []


def _append_with_retry(dialect, errors):
    while True:
        try:
            services.append("person.view", target_type="person", target_id="p")
            db.session.commit()
            return
        except DBAPIError as error:
            db.session.rollback()
            errors.append(error)
            if dialect != "sqlite" or len(errors) > 500:
                raise


def _dialect(app):
    with app.app_context():
        return db.engine.dialect.name


def _insert_sql(sequence, prev_hash, forged_hash):
    return ("INSERT INTO audit_entries (sequence, occurred_at, organisation_id, actor_id, action, target_type, "
            "target_id, detail, key_id, prev_hash, hash) VALUES "
            f"({sequence}, '2026-01-01 00:00:00', NULL, NULL, 'person.view', 'person', 'p-x', '{{}}', "
            f"(SELECT key_id FROM audit_entries WHERE sequence = 1), '{prev_hash}', '{forged_hash}')")


# The same tampering in each database's SQL: every stored id rewritten in upper case.
UPPER_CASE_IDS = {
    "sqlite": "UPDATE audit_entries SET organisation_id = upper(organisation_id), actor_id = upper(actor_id)",
    "postgresql": "UPDATE audit_entries SET organisation_id = upper(organisation_id::text)::uuid, "
                  "actor_id = upper(actor_id::text)::uuid",
}


def test_ids_rewritten_in_upper_case_cannot_hide_entries_unnoticed(committed_db):
    """An organisation's entries either stay on its page or verify reports the change.

    On SQLite an upper-cased id parses as the same UUID (so the HMAC still
    matched) but no longer equals the organisation's stored id, so the
    entries vanished from the page while verify passed. PostgreSQL keeps one
    form of a uuid, so there the page still shows them all.
    """
    from caseapp.auth.services import create_user
    from caseapp.orgs.models import OrganisationKind
    from caseapp.orgs.services import create_organisation

    with committed_db.app_context():
        organisation = create_organisation(name="Hidden NGO", kind=OrganisationKind.NGO)
        user = create_user(email="hidden@example.org", display_name="H", role="coordinator",
                           password="correct-horse-battery", organisation=organisation)
        for number in range(ENTRIES):
            services.append("person.view", organisation_id=organisation.id, actor_id=user.id,
                            target_type="person", target_id=f"p-{number}")
        db.session.commit()
        organisation_id, dialect = organisation.id, db.engine.dialect.name
    _tamper(committed_db, UPPER_CASE_IDS[dialect])
    with committed_db.app_context():
        shown = trail.organisation_trail(organisation_id, 1, 50).total
    result = _verify(committed_db)
    if shown < ENTRIES:
        _broken_at(result, 1, "altered")
    else:
        assert result.exit_code == 0, result.output
