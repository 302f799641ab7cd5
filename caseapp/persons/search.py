"""Finding persons: blind-index candidates from SQL, confirmed by decrypting before any person is loaded.

Each index lookup is its own indexed SELECT of person ids, united with
UNION ALL: an OR across tables makes PostgreSQL scan every person. The
candidates' ciphertexts are read through Core and decrypted to confirm; only
the confirmed persons that are shown become ORM objects. Every function that
reads persons takes the organisation id and touches only its persons.
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
from caseapp.persons.indexes import full_name_index, given_names_birth_year_index, non_blank

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
    """A candidate's id with its decrypted names, normalised."""

    person_id: uuid.UUID
    full_name: str | None
    given_names: str | None
    family_name: str | None


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
    ranked = _ranked(matches, exact=normalise_name(text))
    return SearchResult(_load(organisation_id, ranked[:SEARCH_LIMIT]), len(ranked))


def search_lookups(text):
    """The blind-index SELECTs of person ids that ``search_persons`` unites for ``text`` (candidates)."""
    parsed = parse_date(text)
    if parsed:
        return [select(Person.id).where(Person.date_of_birth.matches(parsed))]
    if looks_like_phone(text):
        return [select(PersonPhone.person_id).where(PersonPhone.number.matches(text))]
    return _name_lookups(text)


def _name_lookups(text):
    """SELECTs of the ids of persons whose full name, given names, family name or an alias may be ``text``."""
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


def possible_duplicates(organisation_id, data):
    """Persons of the organisation sharing a name, alias, phone, date of birth or given name + birth year."""
    year = data.date_of_birth.year if data.date_of_birth else data.birth_year
    indexes = ((Person.full_name_bidx, full_name_index(data.given_names, data.family_name)),
               (Person.given_names_birth_year_bidx, given_names_birth_year_index(data.given_names, year)),
               (Person.date_of_birth.index_column, Person.date_of_birth.index_of(data.date_of_birth)))
    lookups = [select(Person.id).where(column == value) for column, value in indexes if value]
    matches = {}
    if lookups:
        rows = db.session.execute(
            _named_rows(organisation_id).add_columns(Person.date_of_birth.stored_column, Person.birth_year)
            .where(Person.id.in_(union_all(*lookups))))
        for row in rows:
            match = _match(row[:3])
            if _same_identity(match, row[3], row[4], data, year):
                matches[match.person_id] = match
    shared = (_sharing(organisation_id, PersonAlias.alias, data.aliases, normalise_name)
              | _sharing(organisation_id, PersonPhone.number, data.phones, normalise_phone))
    matches.update({m.person_id: m for m in _matches_by_id(organisation_id, shared - matches.keys())})
    return _load(organisation_id, _ranked(matches.values()))


def _same_identity(match, born_stored, birth_year, data, year):
    """True when a candidate has the full name, date of birth, or given names and birth year of ``data``."""
    wanted_full = " ".join(part for part in (data.given_names, data.family_name) if part)
    if wanted_full and normalise_name(wanted_full) == match.full_name:
        return True
    if data.date_of_birth and Person.date_of_birth.plaintext(born_stored, match.person_id) == data.date_of_birth:
        return True
    return bool(data.given_names and year and birth_year == year
                and match.given_names is not None and normalise_name(data.given_names) == match.given_names)


def _sharing(organisation_id, field, values, normaliser):
    """Ids of the organisation's persons with one of ``values`` in the alias or phone ``field``, confirmed."""
    values = non_blank(values)
    wanted = {normaliser(value) for value in values} - {None}
    if not wanted:
        return set()
    owner = field.owner
    rows = db.session.execute(
        select(owner.id, owner.person_id, field.stored_column).join(Person)
        .where(field.index_column.in_({field.index_of(value) for value in values}), _in_organisation(organisation_id)))
    return {person_id for row_id, person_id, stored in rows if normaliser(field.plaintext(stored, row_id)) in wanted}


def _in_organisation(organisation_id):
    # Nearly every person shares the organisation; the blind indexes must drive the query.
    return filter_only(Person.organisation_id) == organisation_id


def _name_matches(organisation_id, text):
    """Persons whose given names, family name, full name or an alias is ``text``."""
    wanted, lookups = normalise_name(text), _name_lookups(text)
    if not lookups:
        return []
    aliases = db.session.execute(
        select(PersonAlias.id, PersonAlias.person_id, PersonAlias.alias.stored_column).join(Person)
        .where(PersonAlias.alias.matches(text), _in_organisation(organisation_id)))
    by_alias = {person_id for alias_id, person_id, stored in aliases
                if normalise_name(PersonAlias.alias.plaintext(stored, alias_id)) == wanted}
    rows = db.session.execute(_named_rows(organisation_id).where(Person.id.in_(union_all(*lookups))))
    matches = (_match(row) for row in rows)
    return [m for m in matches if m.person_id in by_alias or wanted in (m.full_name, m.given_names, m.family_name)]


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
    return _Match(person_id, *(normalise_name(name) if name else None for name in (full, given, family)))


def _ranked(matches, exact=None):
    """Matches whose full name is ``exact`` first, then by name (nameless last), then by id."""
    return sorted(matches, key=lambda m: (exact is not None and m.full_name != exact, m.full_name is None,
                                          m.full_name or "", str(m.person_id)))


def _load(organisation_id, matches):
    """The matched persons, in this order; with their aliases when one has no name (it is shown by an alias)."""
    if not matches:
        return []
    person_ids = [m.person_id for m in matches]
    query = select(Person).where(Person.id.in_(person_ids), _in_organisation(organisation_id))
    if any(m.full_name is None for m in matches):
        query = query.options(selectinload(Person.aliases))
    by_id = {person.id: person for person in db.session.scalars(query)}
    return [by_id[person_id] for person_id in person_ids]
