"""Demo persons at national scale: rows built in batches and inserted in bulk, the same ones for the same seed.

``caseapp demo --persons 100000`` makes 100,000 persons, about a million
contacts and twenty years of cases (most closed, ``caseload``) in minutes, where saving them one by one
through the services took about 25. Every personal field is still encrypted
with the installation's keys and every blind index written (``core.bulk``),
so search, statistics and key rotation treat the rows like any other. Each
feature adds its own rows for every case (reflection periods, referrals and
the receiver's records, placements, returns and follow-ups) through the bulk
demo step it registers with ``core.registry``; the demo imports none of them.
"""

import random
import uuid

from flask import current_app
from sqlalchemy import select

from caseapp.auth.models import User
from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.core.bulk import encrypted_row, insert_rows
from caseapp.core.models import join_codes, utcnow
from caseapp.core.registry import registry
from caseapp.crypto.loading import get_keyring
from caseapp.demo import bulk_casework
from caseapp.demo.batch import Setting
from caseapp.demo.persons import ORIGINS, fake_person, faker_for
from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from caseapp.persons.indexes import full_name_index, given_names_birth_year_index
from caseapp.persons.models import Person, PersonAlias, PersonPhone

# Persons per batch: one executemany per table and batch, and one commit.
BATCH = 2000
PERSON_SECRETS = ("given_names", "family_name", "date_of_birth", "identity_document", "address", "notes")


def generate_persons(organisation_names, count, seed, progress=lambda done: None):
    """Add ``count`` persons with contacts and cases to the named organisations, committing each batch."""
    rng = random.Random(seed)  # nosec B311 - reproducible fake demo data, not a secret
    fakers = {origin.locale: faker_for(origin.locale, seed) for origin in ORIGINS}
    setting = _setting(organisation_names)
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        setting.rows, setting.people = {}, {}
        for _ in range(size):
            _add_person(rng, fakers, setting)
        for model, rows in setting.rows.items():
            insert_rows(model, rows)
        bulk_casework.store_counters(setting.counters)
        db.session.commit()
        progress(size)


def _setting(organisation_names):
    organisations = db.session.scalars(select(Organisation).where(Organisation.name.in_(organisation_names))
                                       .order_by(Organisation.name)).all()
    workers = {org.id: db.session.scalars(select(User.id).where(
        User.organisation_id == org.id, User.role.in_(CASE_WORKER_ROLES)).order_by(User.email)).all()
        for org in organisations}
    return Setting([org for org in organisations if workers[org.id]], workers, get_keyring(), utcnow(),
                   steps=registry().bulk_demo_steps, config=current_app.config)


def _add_person(rng, fakers, setting):
    organisation = rng.choice(setting.organisations)
    origin = rng.choice(ORIGINS)
    data = fake_person(rng, fakers[origin.locale], origin)
    worker = setting.workers[organisation.id][0]
    person_id = uuid.uuid4()
    status, first = bulk_casework.plan_casework(rng, setting)
    birth_year = data.date_of_birth.year if data.date_of_birth else data.birth_year
    row = {"id": person_id, "organisation_id": organisation.id, "gender": data.gender, "birth_year": birth_year,
           "citizenship": join_codes(data.citizenship), "languages": join_codes(data.languages),
           "created_at": first, "created_by_id": worker, "version": 1,
           "full_name_bidx": full_name_index(data.given_names, data.family_name),
           "given_names_birth_year_bidx": given_names_birth_year_index(data.given_names, birth_year)}
    secrets = {name: getattr(data, name) for name in PERSON_SECRETS}
    setting.people[person_id] = (dict(row), secrets)
    setting.add(Person, encrypted_row(Person, row, secrets, setting.keyring))
    _add_listed(rng, setting, PersonAlias, person_id, "alias", data.aliases)
    _add_listed(rng, setting, PersonPhone, person_id, "number", data.phones)
    bulk_casework.add_casework(rng, setting, organisation, person_id, status, first)


def _add_listed(rng, setting, model, person_id, name, values):
    for position, value in enumerate(values):
        row = {"id": uuid.uuid4(), "person_id": person_id, "position": position}
        setting.add(model, encrypted_row(model, row, {name: value}, setting.keyring))
