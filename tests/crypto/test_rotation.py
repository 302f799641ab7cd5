"""``caseapp crypto rotate`` and ``status``: re-encryption, index rebuilds, resumption and concurrent edits."""

import queue
import threading
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from caseapp.crypto import key_id_of, rotation
from caseapp.crypto.keys import new_key_entry
from caseapp.extensions import db
from caseapp.orgs.models import OrganisationKind
from caseapp.orgs.services import create_organisation
from caseapp.persons.models import Person, PersonAlias
from caseapp.persons.search import search_persons
from caseapp.persons.services import PersonData, create_person, get_person, update_person
from tests.conftest import run_cli

NAMES = [("Ana Maria", "Popescu"), ("Ivan", "Petrov"), ("Chinedu", "Okafor"), ("Somchai", "Boonmee")]


def person_data(given, family, number=0):
    """Identifying data for one test person."""
    return PersonData(given_names=given, family_name=family, aliases=[f"{given[:3]}-{number}"],
                      date_of_birth=date(1990, 1, 1 + number % 28), phones=[f"+40 721 000 {number:03d}"],
                      notes=f"note {number}", address=f"street {number}")


def add_people(org_id, count=len(NAMES)):
    """Create ``count`` persons and commit; return their ids."""
    ids = [create_person(org_id, None, person_data(*NAMES[i % len(NAMES)], i)).id for i in range(count)]
    db.session.commit()
    return ids


def crypto_cli(app, *args):
    """Run ``caseapp crypto`` with ``args``; return the output after checking it succeeded."""
    result = run_cli(app, ["crypto", *args])
    assert result.exit_code == 0, result.output
    return result.output


def stored_key_ids():
    """Every data key id in use, over all encrypted columns."""
    used = set()
    for spec in rotation.encrypted_tables():
        for column in spec.enc:
            used |= {key_id_of(bytes(v)) for v in db.session.scalars(select(column).where(column.is_not(None)))}
    return used


def readable(org_id, ids):
    """Every person's fields decrypted from freshly loaded rows."""
    db.session.expunge_all()
    people = [get_person(org_id, person_id) for person_id in ids]
    return [(p.given_names, p.family_name, p.date_of_birth, p.notes, p.address,
             [a.alias for a in p.aliases], [n.number for n in p.phones]) for p in people]


@pytest.fixture
def org_id(org_a, use_keys, key_document):
    """Organisation A, with the app switched to ``key_document`` so a key can be added later."""
    use_keys(key_document)
    return org_a.id


def test_rotate_moves_every_value_to_the_new_key_and_keeps_them_readable(app, org_id, use_keys, rotated_document):
    """After a data key is added, rotation rewrites every value under it and all still decrypt."""
    ids = add_people(org_id)
    before = readable(org_id, ids)
    use_keys(rotated_document)
    output = crypto_cli(app, "rotate")
    new_key = rotated_document["data"][-1]["id"]
    assert stored_key_ids() == {new_key}
    assert readable(org_id, ids) == before
    assert f"{len(ids) * 3} rows checked, {len(ids) * 3} rewritten" in output
    assert "Rows with a value under an older data key: 0." in output


def test_rotation_that_missed_rows_says_so_and_warns_against_retiring_the_key(app, org_id, use_keys,
                                                                              rotated_document, monkeypatch):
    """What is still under an old key is counted after the walk, not assumed from it."""
    add_people(org_id, 2)
    use_keys(rotated_document)
    walk = rotation.rotate

    def walk_persons_only(tables, **kwargs):
        return walk([table for table in tables if table.name == "persons"], **kwargs)

    monkeypatch.setattr(rotation, "rotate", walk_persons_only)
    output = crypto_cli(app, "rotate")
    assert "Rows with a value under an older data key: 4." in output  # their aliases and phone numbers
    assert "retire no key until this says 0" in output


def test_status_counts_values_per_key_and_names_unused_keys(app, org_id, use_keys, rotated_document):
    """Status shows the split per key before rotation and the retirable old key after it."""
    add_people(org_id, 2)
    old_key, new_key = (entry["id"] for entry in rotated_document["data"])
    use_keys(rotated_document)
    before = crypto_cli(app, "status")
    assert f"persons.given_names: {old_key}=2" in before and f"total: {old_key}=14" in before
    assert "safe to retire): none" in before
    crypto_cli(app, "rotate")
    after = crypto_cli(app, "status")
    assert f"total: {new_key}=14" in after and old_key not in after.split("total:")[1].split("\n")[0]
    assert f"safe to retire): {old_key}" in after
    assert "Every stored value uses a key in the keyring." in after


def test_status_reports_values_under_a_key_missing_from_the_keyring(app, org_id, use_keys, key_document):
    """A value whose key was removed from the keyring too early is reported."""
    add_people(org_id, 1)
    old_key = key_document["data"][0]["id"]
    use_keys({**key_document, "data": [new_key_entry("d")]})
    output = crypto_cli(app, "status")
    assert f"NOT in the keyring (add them back): {old_key}=7" in output


def test_second_rotation_finds_nothing_to_do(app, org_id, use_keys, rotated_document):
    """Re-running skips values already under the newest key: nothing is read or written."""
    ids = add_people(org_id)
    use_keys(rotated_document)
    crypto_cli(app, "rotate")
    stored = db.session.scalars(select(Person.given_names_enc).order_by(Person.id)).all()
    output = crypto_cli(app, "rotate")
    assert "0 rows checked, 0 rewritten" in output
    assert db.session.scalars(select(Person.given_names_enc).order_by(Person.id)).all() == stored
    assert len(readable(org_id, ids)) == len(ids)


def test_interrupted_rotation_resumes_where_it_stopped(app, org_id, use_keys, rotated_document, monkeypatch):
    """A run stopped after its first batch keeps that batch; the next run does the rest."""
    ids = add_people(org_id, 6)
    use_keys(rotated_document)

    def stop(_rows):
        raise KeyboardInterrupt

    tables = rotation.encrypted_tables()
    with pytest.raises(KeyboardInterrupt):
        rotation.rotate(tables, batch_size=2, on_batch=stop)
    assert rotation.count_pending(tables, reindex=False) == 6 * 3 - 2
    assert "16 rows checked, 16 rewritten" in crypto_cli(app, "rotate")
    assert stored_key_ids() == {rotated_document["data"][-1]["id"]}
    assert len(readable(org_id, ids)) == 6


def test_changed_index_key_is_detected_and_search_works_again(app, org_id, use_keys, rotated_document):
    """With a new index key the old indexes miss; rotation notices, rebuilds them and search finds again."""
    add_people(org_id)
    new_index = {**rotated_document, "index": new_key_entry("i")}
    use_keys(new_index)
    assert search_persons(org_id, "Ivan Petrov").total == 0
    output = crypto_cli(app, "rotate")
    assert "rebuilding them all" in output
    for text in ("Ivan Petrov", "Petrov", "Ana Maria", "Chi-2", "+40 721 000 002", "1990-01-04"):
        assert search_persons(org_id, text).total == 1, text
    db.session.expunge_all()
    assert "rebuilding" not in crypto_cli(app, "rotate")


def test_reindex_flag_forces_a_rebuild_that_changes_nothing_when_indexes_are_current(app, org_id):
    """``--reindex`` checks every row but writes none whose indexes are already right."""
    add_people(org_id)
    assert "12 rows checked, 0 rewritten" in crypto_cli(app, "rotate", "--reindex")


def test_edit_between_read_and_write_of_a_batch_is_kept(app, org_id, use_keys, rotated_document, monkeypatch):
    """Compare-and-swap: a person saved after rotation read the row is not overwritten with the old value."""
    ids = add_people(org_id, 2)
    use_keys(rotated_document)
    read, edited = rotation._read, []

    def read_then_edit(spec, *args, **kwargs):
        rows = read(spec, *args, **kwargs)
        if spec.name == "persons" and not edited:
            person = get_person(org_id, ids[0])
            update_person(person, person_data("Edited", "Name", 9), person.version)
            db.session.commit()
            edited.append(person.id)
        return rows

    monkeypatch.setattr(rotation, "_read", read_then_edit)
    crypto_cli(app, "rotate")
    assert readable(org_id, ids[:1])[0][:2] == ("Edited", "Name")
    assert stored_key_ids() == {rotated_document["data"][-1]["id"]}


def test_rotation_while_persons_are_edited_loses_no_edit(committed_db, rotated_document, use_keys, monkeypatch):
    """Rotation and a stream of real, committed edits in another connection: every edit survives.

    Besides editing freely, the editor is asked to save the first person of
    every batch right after rotation has read it, so that each batch meets
    a real concurrent commit between its read and its write.
    """
    app = committed_db
    with app.app_context():
        org_id = create_organisation(name="Concurrency NGO", kind=OrganisationKind.NGO).id
        ids = add_people(org_id, 120)
    use_keys(rotated_document, app)
    editor = Editor(app, org_id, ids)
    read = rotation._read

    def read_then_wait_for_an_edit(spec, *args, **kwargs):
        rows = read(spec, *args, **kwargs)
        if spec.name == "persons" and rows:
            editor.edit_now(rows[0]["id"])
        return rows

    monkeypatch.setattr(rotation, "_read", read_then_wait_for_an_edit)
    editor.start()
    try:
        with app.app_context():
            result = rotation.rotate(rotation.encrypted_tables(), batch_size=7)
    finally:
        editor.stop()
    assert not editor.errors, editor.errors
    # Rows the editor saved under the new key before rotation reached them are not even read.
    assert 0 < result.checked <= 360 and len(editor.saved) > 20
    with app.app_context():
        assert stored_key_ids() == {rotated_document["data"][-1]["id"]}
        for person_id, (given, notes) in editor.saved.items():
            person = get_person(org_id, person_id)
            assert (person.given_names, person.notes) == (given, notes)
        assert db.session.scalar(select(db.func.count()).select_from(PersonAlias)) == 120


class Editor(threading.Thread):
    """Edits persons one after another in its own app context, committing each, as users would."""

    def __init__(self, app, org_id, ids):
        super().__init__(daemon=True)
        self.app, self.org_id, self.ids = app, org_id, ids
        self.saved, self.errors, self.done = {}, [], threading.Event()
        self.requests = queue.Queue()

    def edit_now(self, person_id):
        """Have the editor save ``person_id`` now, and wait until it has (at most a few seconds)."""
        finished = threading.Event()
        self.requests.put((person_id, finished))
        finished.wait(timeout=5)

    def stop(self):
        """Stop editing and wait for the thread."""
        self.done.set()
        self.join()

    def run(self):
        number = 0
        while not self.done.is_set():
            try:
                person_id, finished = self.requests.get(timeout=0.001)
            except queue.Empty:
                person_id, finished = self.ids[(number * 7) % len(self.ids)], threading.Event()
            try:
                self._edit(person_id, number)
            except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
                self.errors.append(repr(exc))
                return
            finally:
                finished.set()
            number += 1

    def _edit(self, person_id, number):
        given, notes = f"Edited{number}", f"edit number {number}"
        with self.app.app_context():
            try:
                person = get_person(self.org_id, person_id)
                data = person_data(given, person.family_name, 0)
                data.notes = notes
                update_person(person, data, person.version)
                db.session.commit()
            except OperationalError as exc:
                # SQLite refuses at once a write that would deadlock with another writer; a user would retry.
                db.session.rollback()
                if "locked" not in str(exc):
                    raise
                return
        self.saved[person_id] = (given, notes)
