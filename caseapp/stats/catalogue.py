"""The table catalogue of a release, declared once: every release holds exactly these tables.

Three universes of persons, each counted once:

- ``presumed``: persons with a case not concluded "not a victim" who were in
  contact with an organisation during the period (a contact, or a case opened);
- ``identified``: persons whose first identification as a victim by the
  Danish Immigration Service, the Centre against Human Trafficking, the police
  or a court falls in the period, by that body;
- ``services``: persons with a service event in the period, per figure.

The first two are broken down by sex, age band, citizenship and form of
exploitation, one table each. Rows may be totals of other rows (under 18,
a citizenship group); those relations are what secondary suppression protects.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from caseapp.stats import categories as cat

# Raise when the tables change, so releases of different catalogues are never compared.
CATALOGUE_VERSION = 1

PRESUMED, IDENTIFIED, SERVICES = "presumed", "identified", "services"
SEX, AGE, CITIZENSHIP, EXPLOITATION = "sex", "age", "citizenship", "exploitation"
DIMENSIONS = (SEX, AGE, CITIZENSHIP, EXPLOITATION)
TOTAL = "total"
PERSONS = "persons"
# Leaves of the citizenship dimension besides ISO country codes.
UNKNOWN = "unknown"
REST = {cat.CitizenshipGroup.OTHER_EU: "other_eu_rest", cat.CitizenshipGroup.NON_EU: "non_eu_rest"}

UNIVERSE_TITLES = {
    PRESUMED: _l("Persons in contact with the organisations who may be victims (presumed victims)"),
    IDENTIFIED: _l("Persons identified as victims of human trafficking, by identifying body"),
    SERVICES: _l("Persons receiving services"),
}
DIMENSION_TITLES = {
    SEX: _l("by sex"), AGE: _l("by age"), CITIZENSHIP: _l("by citizenship"), EXPLOITATION: _l("by form of exploitation"),
}

# The service figures, in order; a feature registers the source of each (stats.sources).
SERVICE_FIGURES = {
    "shelter_placements": _l("Placed in a shelter"),
    "reflection_started": _l("Reflection period started"),
    "reflection_extended": _l("Reflection period extended"),
    "prepared_returns": _l("Prepared return carried out"),
    "follow_ups_completed": _l("Reintegration follow-up completed"),
}


@dataclass(frozen=True)
class Row:
    """A row: its code, label, the leaves it sums, its child rows and its depth (0 top, 1 within a group)."""

    code: str
    label: object
    leaves: tuple
    children: tuple = ()
    level: int = 0
    standard: str = ""


@dataclass(frozen=True)
class Column:
    """A column: its code, label, the leaves it sums and the code of the standard it maps to."""

    code: str
    label: object
    leaves: tuple
    standard: str = ""


def columns(universe):
    """The columns of a table of ``universe``."""
    if universe != IDENTIFIED:
        return (Column(PERSONS, _l("Persons"), (PERSONS,)),)
    bodies = tuple(Column(body.value, body.label, (body.value,), cat.BODY_HTCDS[body])
                   for body in cat.IDENTIFYING_BODIES)
    return bodies + (Column(TOTAL, _l("Total"), tuple(column.code for column in bodies)),)


def rows(dimension, shown_countries=(), known_countries=None):
    """The rows of ``dimension``; citizenship lists ``shown_countries`` on rows of their own.

    ``known_countries`` (default: the shown ones) are the countries that are
    leaves of their own in the model; those not shown are in "other countries".
    """
    shown = tuple(sorted(shown_countries))
    known = tuple(sorted(set(known_countries or ()) | set(shown)))
    return {SEX: _sex_rows, AGE: _age_rows, CITIZENSHIP: _citizenship_rows, EXPLOITATION: _exploitation_rows}[
        dimension](shown, known)


def leaves(dimension, shown_countries=(), known_countries=None):
    """Every leaf of ``dimension``: what one person counts under, exactly one."""
    found = []
    for row in rows(dimension, shown_countries, known_countries):
        found += [leaf for leaf in row.leaves if leaf not in found]
    return tuple(found)


def total_row(dimension, shown_countries=(), known_countries=None):
    """The total row: the sum of the top-level rows (shared by every table of a universe)."""
    every = rows(dimension, shown_countries, known_countries)
    return Row(TOTAL, _l("Total"), leaves(dimension, shown_countries, known_countries),
               tuple(row.code for row in every if row.level == 0))


def _sex_rows(_shown, _known):
    return tuple(Row(g.value, g.label, (g.value,), standard=g.value) for g in cat.GENDERS)


def _age_rows(_shown, _known):
    def band(b):
        return Row(b.value, b.value, (b.value,), level=1, standard=b.value)

    children = [band(b) for b in cat.CHILD_BANDS]
    adults = [band(b) for b in cat.AGE_BANDS if b not in cat.CHILD_BANDS]
    under = Row("under_18", _l("Under 18"), tuple(r.code for r in children), tuple(r.code for r in children),
                standard="Y_LT18")
    over = Row("adult", _l("18 and over"), tuple(r.code for r in adults), tuple(r.code for r in adults),
               standard="Y_GE18")
    return (under, *children, over, *adults, Row(UNKNOWN, _l("Age not known"), (UNKNOWN,), standard="UNK"))


def _citizenship_rows(shown, known):
    G = cat.CitizenshipGroup
    found = [Row(cat.REPORTING_COUNTRY, G.REPORTING_COUNTRY.label, (cat.REPORTING_COUNTRY,),
                 standard=cat.CITIZENSHIP_GROUP_CODES[G.REPORTING_COUNTRY])]
    for group in (G.OTHER_EU, G.NON_EU):
        def member(code):
            return code != cat.REPORTING_COUNTRY and (code in cat.EU_MEMBERS) == (group == G.OTHER_EU)

        listed = [Row(c, c, (c,), level=1, standard=c) for c in shown if member(c)]
        hidden = tuple(c for c in known if member(c) and c not in shown) + (REST[group],)
        inner = listed + [Row(REST[group], _l("Other countries"), hidden, level=1)] if listed else []
        found.append(Row(group.value, group.label,
                         tuple(c for c in known if member(c)) + (REST[group],),
                         tuple(r.code for r in inner), standard=cat.CITIZENSHIP_GROUP_CODES[group]))
        found += inner
    found.append(Row(UNKNOWN, G.UNKNOWN.label, (UNKNOWN,), standard="UNK"))
    return tuple(found)


def _exploitation_rows(_shown, _known):
    G = cat.ExploitationGroup
    return tuple(Row(g.value, g.label, (g.value,), standard=cat.EXPLOITATION_GROUP_CODES[g])
                 for g in G)


def citizenship_leaf(group, country, known_countries):
    """The citizenship leaf of a person of ``group`` and ``country`` when ``known_countries`` are leaves."""
    if group == cat.CitizenshipGroup.UNKNOWN or country is None:
        return UNKNOWN
    if group == cat.CitizenshipGroup.REPORTING_COUNTRY:
        return cat.REPORTING_COUNTRY
    return country if country in known_countries else REST[group]


def tables():
    """(table id, universe, dimension) of every table, in release order."""
    found = [(f"{universe}_by_{dimension}", universe, dimension)
             for universe in (PRESUMED, IDENTIFIED) for dimension in DIMENSIONS]
    return found + [(SERVICES, SERVICES, None)]
