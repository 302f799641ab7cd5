"""Person domain logic: saving with blind indexes (search and duplicates are in ``persons.search``).

Every function takes the organisation id and only ever touches that
organisation's persons. Flushes, never commits.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.core.models import join_codes
from caseapp.extensions import db
from caseapp.persons.indexes import full_name_index, given_names_birth_year_index, non_blank
from caseapp.persons.models import Gender, Person, PersonAlias, PersonPhone


@dataclass
class PersonData:
    """What a person form submits, already validated."""

    given_names: str | None = None
    family_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    date_of_birth: date | None = None
    birth_year: int | None = None
    gender: Gender = Gender.NOT_SPECIFIED
    citizenship: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    identity_document: str | None = None
    address: str | None = None
    notes: str | None = None


def get_person(organisation_id, person_id):
    """The organisation's person with this id, or None."""
    query = select(Person).where(Person.id == person_id, Person.organisation_id == organisation_id)
    return db.session.scalar(query.options(selectinload(Person.aliases), selectinload(Person.phones)))


def create_person(organisation_id, created_by_id, data):
    """Create a person from ``data``."""
    person = Person(organisation_id=organisation_id, created_by_id=created_by_id)
    _apply(person, data)
    db.session.add(person)
    db.session.flush()
    return person


def update_person(person, data, version):
    """Replace the person's fields with ``data``; refuse an edit of an old version."""
    check_version(person, version)
    _apply(person, data)
    flush_versioned()
    return person


def person_data(person):
    """The person's current fields as PersonData (to fill an edit form)."""
    return PersonData(
        given_names=person.given_names, family_name=person.family_name,
        aliases=[a.alias for a in person.aliases], date_of_birth=person.date_of_birth,
        birth_year=person.birth_year, gender=person.gender, citizenship=person.citizenship_codes,
        languages=person.language_codes, phones=[p.number for p in person.phones],
        identity_document=person.identity_document, address=person.address, notes=person.notes,
    )


def _apply(person, data):
    """Copy ``data`` onto ``person`` and recompute the combined blind indexes."""
    for name in ("given_names", "family_name", "date_of_birth", "identity_document", "address", "notes"):
        setattr(person, name, _blank_to_none(getattr(data, name)))
    person.gender = data.gender
    person.birth_year = data.date_of_birth.year if data.date_of_birth else data.birth_year
    person.citizenship = join_codes(data.citizenship)
    person.languages = join_codes(data.languages)
    person.aliases = [PersonAlias(alias=a, position=i) for i, a in enumerate(non_blank(data.aliases))]
    person.phones = [PersonPhone(number=n, position=i) for i, n in enumerate(non_blank(data.phones))]
    person.full_name_bidx = full_name_index(person.given_names, person.family_name)
    person.given_names_birth_year_bidx = given_names_birth_year_index(person.given_names, person.birth_year)


def _blank_to_none(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
