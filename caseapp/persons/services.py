"""Person domain logic: saving with blind indexes, search and duplicate detection.

Every function takes the organisation id and only ever touches that
organisation's persons. Flushes, never commits.
"""

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.crypto import blind_index, compound_blind_index, normalise_name, normalise_phone, normalise_year
from caseapp.core.models import join_codes
from caseapp.extensions import db
from caseapp.persons.models import Gender, Person, PersonAlias, PersonPhone

# The full name is the main search key, so it gets more bits than the
# per-field indexes: fewer false candidates to decrypt (see crypto.blind_index).
FULL_NAME_BITS = 14
SEARCH_LIMIT = 50
PHONE_LIKE = re.compile(r"[+\d\s().-]+")
MIN_PHONE_DIGITS = 6
_DATE_FORMATS = (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")


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
    person.aliases = [PersonAlias(alias=a, position=i) for i, a in enumerate(_clean(data.aliases))]
    person.phones = [PersonPhone(number=n, position=i) for i, n in enumerate(_clean(data.phones))]
    person.full_name_bidx = full_name_index(person.given_names, person.family_name)
    person.given_names_birth_year_bidx = given_names_birth_year_index(person.given_names, person.birth_year)


def full_name_index(given_names, family_name):
    """Blind index of given names and family name together."""
    full = " ".join(part for part in (given_names, family_name) if part)
    return blind_index("persons", "full_name", full or None, normalise_name, bits=FULL_NAME_BITS)


def given_names_birth_year_index(given_names, birth_year):
    """Compound blind index of given names and birth year."""
    parts = [(given_names, normalise_name), (birth_year, normalise_year)]
    return compound_blind_index("persons", "given_names_birth_year", parts)


def search_persons(organisation_id, text):
    """The organisation's persons matching ``text`` as a date of birth, a phone number, or a name or alias."""
    text = (text or "").strip()
    if not text:
        return []
    query = (select(Person).where(Person.organisation_id == organisation_id, or_(*search_conditions(text)))
             .options(selectinload(Person.aliases), selectinload(Person.phones)))
    # Blind indexes are truncated on purpose: confirm every candidate by decrypting.
    # No limit before confirming, or the person sought could be cut off.
    matches = (person for person in db.session.scalars(query) if _confirmed(person, text))
    return list(itertools.islice(matches, SEARCH_LIMIT))


def search_conditions(text):
    """Blind-index conditions for ``text``: a date of birth, else a phone number, else a name or alias."""
    return _date_conditions(text) or _phone_conditions(text) or _name_conditions(text)


def possible_duplicates(organisation_id, data, exclude_id=None):
    """Persons of the organisation sharing a name, alias, phone, date of birth or given name + birth year."""
    conditions = []
    full = full_name_index(data.given_names, data.family_name)
    if full:
        conditions.append(Person.full_name_bidx == full)
    year = data.date_of_birth.year if data.date_of_birth else data.birth_year
    compound = given_names_birth_year_index(data.given_names, year)
    if compound:
        conditions.append(Person.given_names_birth_year_bidx == compound)
    if data.date_of_birth:
        conditions.append(Person.date_of_birth.matches(data.date_of_birth))
    for alias in _clean(data.aliases):
        conditions.append(Person.id.in_(select(PersonAlias.person_id).where(PersonAlias.alias.matches(alias))))
    for phone in _clean(data.phones):
        conditions.append(Person.id.in_(select(PersonPhone.person_id).where(PersonPhone.number.matches(phone))))
    if not conditions:
        return []
    query = select(Person).where(Person.organisation_id == organisation_id, or_(*conditions))
    if exclude_id is not None:
        query = query.where(Person.id != exclude_id)
    candidates = db.session.scalars(query.options(selectinload(Person.aliases), selectinload(Person.phones)))
    return [person for person in candidates if _same_person_signals(person, data)]


def _name_conditions(text):
    alias_match = select(PersonAlias.person_id).where(PersonAlias.alias.matches(text))
    return [
        Person.full_name_bidx == full_name_index(text, None),
        Person.given_names.matches(text), Person.family_name.matches(text),
        Person.id.in_(alias_match),
    ]


def _phone_conditions(text):
    # Only text made of phone characters with enough digits is read as a number.
    if not PHONE_LIKE.fullmatch(text) or len(re.sub(r"\D", "", text)) < MIN_PHONE_DIGITS:
        return []
    return [Person.id.in_(select(PersonPhone.person_id).where(PersonPhone.number.matches(text)))]


def _date_conditions(text):
    parsed = parse_date(text)
    return [Person.date_of_birth.matches(parsed)] if parsed else []


def parse_date(text):
    """A date typed as 1990-03-14, 14-03-1990, 14.03.1990 or 14/03/1990; None otherwise."""
    for pattern in _DATE_FORMATS:
        match = re.fullmatch(pattern, text.strip())
        if match:
            parts = [int(group) for group in match.groups()]
            year, month, day = parts if pattern.startswith(r"(\d{4})") else parts[::-1]
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def _confirmed(person, text):
    """True when the decrypted person really matches the search text."""
    wanted_name = normalise_name(text)
    names = [person.given_names, person.family_name, _full_name(person)] + [a.alias for a in person.aliases]
    if wanted_name and wanted_name in {normalise_name(n) for n in names if n}:
        return True
    if any(normalise_phone(p.number) == normalise_phone(text) for p in person.phones):
        return True
    parsed = parse_date(text)
    return parsed is not None and person.date_of_birth == parsed


def _same_person_signals(person, data):
    """True when a duplicate candidate really shares an identifying value with ``data``."""
    full = " ".join(p for p in (data.given_names, data.family_name) if p)
    if full and normalise_name(full) == normalise_name(_full_name(person) or ""):
        return True
    if data.date_of_birth and person.date_of_birth == data.date_of_birth:
        return True
    year = data.date_of_birth.year if data.date_of_birth else data.birth_year
    if data.given_names and person.given_names and year and person.birth_year == year:
        if normalise_name(data.given_names) == normalise_name(person.given_names):
            return True
    aliases = {normalise_name(a) for a in _clean(data.aliases)}
    phones = {normalise_phone(p) for p in _clean(data.phones)}
    return bool(aliases & {normalise_name(a.alias) for a in person.aliases}
                or phones & {normalise_phone(p.number) for p in person.phones})


def _full_name(person):
    return " ".join(part for part in (person.given_names, person.family_name) if part) or None


def _clean(values):
    return [value.strip() for value in values if value and value.strip()]


def _blank_to_none(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
