"""Finding persons: blind-index candidates from SQL, confirmed by decrypting before any person is loaded.

Each index lookup is its own indexed SELECT of person ids, united with
UNION ALL: an OR across tables makes PostgreSQL scan every person. The
candidates' ciphertexts are read through Core and decrypted to confirm; only
the confirmed persons that are shown become ORM objects. Every function
takes the organisation id and touches only that organisation's persons.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, union_all
from sqlalchemy.orm import selectinload

from caseapp.core.database import filter_only
from caseapp.crypto import normalise_name, normalise_phone
from caseapp.extensions import db
from caseapp.persons.models import Person, PersonAlias, PersonPhone
from caseapp.persons.services import full_name_index, given_names_birth_year_index, non_blank

# More matches than this and the worker is asked to narrow the search down.
SEARCH_LIMIT = 50
PHONE_LIKE = re.compile(r"[+\d\s().-]+")
MIN_PHONE_DIGITS = 6
_DATE_FORMATS = (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")


@dataclass(frozen=True)
class SearchResult:
    """The persons to show, best match first (at most SEARCH_LIMIT), and how many matched in all."""

    persons: list
    total: int

    @property
    def truncated(self):
        """True when more persons matched than are shown."""
        return self.total > len(self.persons)


@dataclass(frozen=True)
class _Match:
    """A candidate's id with its decrypted names, normalised: the full name and each part."""

    person_id: uuid.UUID
    full_name: str | None
    parts: tuple


def search_persons(organisation_id, text):
    """The organisation's persons matching ``text`` as a date of birth, a phone number, or a name or alias."""
    text = (text or "").strip()
    if not text:
        return SearchResult([], 0)
    parsed = parse_date(text)
    if parsed:
        matches = _date_matches(organisation_id, parsed)
    elif looks_like_phone(text):
        matches = _phone_matches(organisation_id, text)
    else:
        matches = _name_matches(organisation_id, text)
    wanted = normalise_name(text)
    ranked = sorted(matches, key=lambda m: (m.full_name != wanted, m.full_name is None, m.full_name or "",
                                            str(m.person_id)))
    return SearchResult(_load(ranked[:SEARCH_LIMIT]), len(ranked))


def search_lookups(text):
    """The blind-index SELECTs of person ids that ``search_persons`` unites for ``text`` (candidates)."""
    parsed = parse_date(text)
    if parsed:
        return [select(Person.id).where(Person.date_of_birth.matches(parsed))]
    if looks_like_phone(text):
        return [select(PersonPhone.person_id).where(PersonPhone.number.matches(text))]
    if not normalise_name(text):
        return []
    return [select(Person.id).where(Person.full_name_bidx == full_name_index(text, None)),
            select(Person.id).where(Person.given_names.matches(text)),
            select(Person.id).where(Person.family_name.matches(text)),
            select(PersonAlias.person_id).where(PersonAlias.alias.matches(text))]


def looks_like_phone(text):
    """True for text made only of phone characters with enough digits to be a number."""
    return bool(PHONE_LIKE.fullmatch(text)) and len(re.sub(r"\D", "", text)) >= MIN_PHONE_DIGITS


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


def possible_duplicates(organisation_id, data, exclude_id=None):
    """Persons of the organisation sharing a name, alias, phone, date of birth or given name + birth year."""
    year = data.date_of_birth.year if data.date_of_birth else data.birth_year
    indexes = ((Person.full_name_bidx, full_name_index(data.given_names, data.family_name)),
               (Person.given_names_birth_year_bidx, given_names_birth_year_index(data.given_names, year)))
    lookups = [select(Person.id).where(column == value) for column, value in indexes if value]
    if data.date_of_birth:
        lookups.append(select(Person.id).where(Person.date_of_birth.matches(data.date_of_birth)))
    lookups += [select(PersonAlias.person_id).where(PersonAlias.alias.matches(a)) for a in non_blank(data.aliases)]
    lookups += [select(PersonPhone.person_id).where(PersonPhone.number.matches(p)) for p in non_blank(data.phones)]
    if not lookups:
        return []
    query = select(Person).where(Person.id.in_(union_all(*lookups)), _in_organisation(organisation_id))
    if exclude_id is not None:
        query = query.where(Person.id != exclude_id)
    candidates = db.session.scalars(query.options(selectinload(Person.aliases), selectinload(Person.phones)))
    return [person for person in candidates if _same_person_signals(person, data)]


def _in_organisation(organisation_id):
    # Nearly every person shares the organisation; the blind indexes must drive the query.
    return filter_only(Person.organisation_id) == organisation_id


def _name_matches(organisation_id, text):
    """Persons whose given names, family name, full name or an alias is ``text``."""
    wanted, lookups = normalise_name(text), search_lookups(text)
    if not lookups:
        return []
    aliases = db.session.execute(
        select(PersonAlias.id, PersonAlias.person_id, PersonAlias.alias.stored_column).join(Person)
        .where(PersonAlias.alias.matches(text), _in_organisation(organisation_id)))
    by_alias = {person_id for alias_id, person_id, stored in aliases
                if normalise_name(PersonAlias.alias.plaintext(stored, alias_id)) == wanted}
    rows = db.session.execute(_named_rows(organisation_id).where(Person.id.in_(union_all(*lookups))))
    matches = (_match(row) for row in rows)
    return [m for m in matches if m.person_id in by_alias or wanted in (m.full_name, *m.parts)]


def _phone_matches(organisation_id, text):
    """Persons with a phone number that is ``text`` once both are in E.164 form."""
    wanted = normalise_phone(text)
    phones = db.session.execute(
        select(PersonPhone.id, PersonPhone.person_id, PersonPhone.number.stored_column).join(Person)
        .where(PersonPhone.number.matches(text), _in_organisation(organisation_id)))
    confirmed = {person_id for phone_id, person_id, stored in phones
                 if normalise_phone(PersonPhone.number.plaintext(stored, phone_id)) == wanted}
    return _matches_by_id(organisation_id, confirmed)


def _date_matches(organisation_id, wanted):
    """Persons born on ``wanted``."""
    rows = db.session.execute(select(Person.id, Person.date_of_birth.stored_column)
                              .where(Person.date_of_birth.matches(wanted), _in_organisation(organisation_id)))
    confirmed = {person_id for person_id, stored in rows if Person.date_of_birth.plaintext(stored, person_id) == wanted}
    return _matches_by_id(organisation_id, confirmed)


def _matches_by_id(organisation_id, person_ids):
    if not person_ids:
        return []
    rows = db.session.execute(_named_rows(organisation_id).where(Person.id.in_(person_ids)))
    return [_match(row) for row in rows]


def _named_rows(organisation_id):
    """SELECT of person ids with their name ciphertexts, scoped to the organisation."""
    columns = (Person.id, Person.given_names.stored_column, Person.family_name.stored_column)
    return select(*columns).where(_in_organisation(organisation_id))


def _match(row):
    """A candidate row with its names decrypted and normalised."""
    person_id, given_stored, family_stored = row
    given = Person.given_names.plaintext(given_stored, person_id)
    family = Person.family_name.plaintext(family_stored, person_id)
    full = " ".join(part for part in (given, family) if part)
    parts = tuple(normalise_name(part) for part in (given, family) if part)
    return _Match(person_id, normalise_name(full) if full else None, parts)


def _load(matches):
    """The matched persons, in this order; with their aliases when one has no name (it is shown by an alias)."""
    if not matches:
        return []
    person_ids = [m.person_id for m in matches]
    query = select(Person).where(Person.id.in_(person_ids))
    if any(m.full_name is None for m in matches):
        query = query.options(selectinload(Person.aliases))
    by_id = {person.id: person for person in db.session.scalars(query)}
    return [by_id[person_id] for person_id in person_ids]


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
    aliases = {normalise_name(a) for a in non_blank(data.aliases)}
    phones = {normalise_phone(p) for p in non_blank(data.phones)}
    return bool(aliases & {normalise_name(a.alias) for a in person.aliases}
                or phones & {normalise_phone(p.number) for p in person.phones})


def _full_name(person):
    return " ".join(part for part in (person.given_names, person.family_name) if part) or None
