"""Counting distinct persons in SQL: live cases and the stubs of erased ones, records of one person merged.

One query per period gives, for every combination of sex, age band,
citizenship and form of exploitation, how many persons were presumed
victims in the period and how many were first identified in each segment
of it (and by whom). When a person's records disagree, the lowest rank
of each category wins (see ``stats.categories``).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Integer, String, and_, case, cast, column, distinct, exists, func, literal, or_, select, union_all, values
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from caseapp.cases.models import Case, TraffickingStatus
from caseapp.contacts.models import Contact
from caseapp.extensions import db
from caseapp.persons.models import Gender, Person
from caseapp.stats import categories as cat
from caseapp.stats import matching
from caseapp.stats.models import StatisticalStub, StubEvent
from caseapp.stats.sources import sources

CONTACT = "contact"


@dataclass
class Counts:
    """Persons per category combination: presumed in the period, identified per segment, and per service."""

    presumed: Counter = field(default_factory=Counter)
    identified: Counter = field(default_factory=Counter)
    services: dict = field(default_factory=dict)
    records: int = 0
    persons: int = 0
    merged_by: dict = field(default_factory=dict)


def count(organisation_ids, period, segments=None, with_identified=True):
    """Count persons of ``organisation_ids`` for ``period`` (from, to); identified persons per ``segments``."""
    segments = segments or [period]
    links = sources().links
    kinds = _kinds(links)
    clusters = matching.clusters(matching.edges(organisation_ids, links), kinds)
    mapping = _citizenship_mapping(organisation_ids)
    persons = _per_cluster(organisation_ids, period, mapping, clusters)
    t1, segment = _counted(persons, segments, with_identified)
    body = func.substr(persons.c.ident, 11, 1)
    keys = [persons.c.g, persons.c.a, persons.c.c, persons.c.x, case((t1, 1), else_=0), segment, body]
    query = select(*keys, func.count()).where(or_(t1, segment.is_not(None))).group_by(*keys)
    result = Counts()
    for g, a, c, x, presumed, seg, body_rank, n in db.session.execute(query):
        attributes = _decode(g, a, c, x)
        if presumed:
            result.presumed[attributes] += n
        if seg is not None:
            result.identified[attributes + (cat.IDENTIFYING_BODIES[int(body_rank) - 1].value, seg)] += n
        result.persons += n
    merged = _merged(organisation_ids, period, mapping, clusters, kinds, segments, with_identified)
    result.records = result.persons + merged.pop("records")
    result.merged_by = merged
    result.services = {code: _service(code, events, organisation_ids, period, clusters)
                       for code, events in sources().figures.items()}
    return result


def _counted(persons, segments, with_identified):
    """SQL conditions on a person row: presumed in the period; the segment of the first identification."""
    t1 = and_(persons.c.presumed == 1, persons.c.active == 1)
    day = func.substr(persons.c.ident, 1, 10)
    segment = case(*[(and_(day >= str(a), day <= str(b)), i) for i, (a, b) in enumerate(segments)], else_=None)
    return t1, segment if with_identified else literal(None, Integer)


def _merged(organisation_ids, period, mapping, clusters, kinds, segments, with_identified):
    """{'records': records beyond one per counted person, kind: counted records merged by that kind}.

    Only records in a cluster can be merged, and they are few: this reads them alone.
    """
    persons = _per_cluster(organisation_ids, period, mapping, clusters, kinds)
    t1, segment = _counted(persons, segments, with_identified)
    sums = [func.coalesce(func.sum(persons.c.records - 1), 0)]
    sums += [func.coalesce(func.sum(persons.c[f"by_{kind}"]), 0) for kind in kinds]
    found = db.session.execute(select(*sums).where(or_(t1, segment.is_not(None)))).one()
    return {"records": int(found[0]), **{kind: int(n) for kind, n in zip(kinds, found[1:]) if n}}


class year_of(FunctionElement):  # noqa: N801  (an SQL function, named like one)
    """The year of a DATE column as an integer."""

    type = Integer()
    inherit_cache = True


class utc_year(FunctionElement):  # noqa: N801
    """The year, in UTC, of a timestamp column stored in UTC, whatever the session's time zone."""

    type = Integer()
    inherit_cache = True


@compiles(year_of)
@compiles(utc_year, "sqlite")
def _year_from_text(element, compiler, **kw):
    # SQLite keeps dates and UTC timestamps as ISO text: the year is its first four characters.
    return f"CAST(substr({compiler.process(element.clauses, **kw)}, 1, 4) AS INTEGER)"


@compiles(year_of, "postgresql")
def _year_of_date(element, compiler, **kw):
    return f"CAST(EXTRACT(YEAR FROM {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(utc_year, "postgresql")
def _utc_year(element, compiler, **kw):
    return f"CAST(EXTRACT(YEAR FROM ({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC') AS INTEGER)"


def period_bounds(period):
    """The UTC instants where the local days ``period`` (from, to) begin and end."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    start = datetime.combine(period[0], time(0), zone).astimezone(UTC)
    end = datetime.combine(period[1] + timedelta(days=1), time(0), zone).astimezone(UTC)
    return start, end


def _kinds(links):
    """The kinds of match an edge may have: the match keys, links kept from erased records, registered links."""
    from caseapp.stats.models import SubjectLink

    found = set(matching.KINDS) | set(db.session.scalars(select(SubjectLink.kind).distinct()))
    for source in links:
        found |= set(db.session.scalars(select(source(None).subquery().c.kind).distinct()))
    return sorted(found)


def _per_cluster(organisation_ids, period, mapping, clusters, kinds=None):
    """One row per person (cluster of records): ranks, flags and first identification.

    With ``kinds``, only records in a cluster are read, and each person also
    gets how many records it has and how many were merged by each kind.
    """
    codes = values(column("citizenship", String), column("code", String), name="stat_citizenships").data(
        sorted(mapping.items())).cte("stat_citizenships")
    only = None if kinds is None else select(clusters.c.node_id)
    records = union_all(_live_cases(organisation_ids, period, codes, only),
                        _stub_cases(organisation_ids, period, codes, only))
    recs = records.subquery("stat_cases")
    person = func.coalesce(clusters.c.root, recs.c.subject)
    columns = [person.label("cluster"), func.min(recs.c.g).label("g"), func.min(recs.c.a).label("a"),
               func.min(recs.c.c).label("c"), func.min(recs.c.x).label("x"),
               func.max(recs.c.presumed).label("presumed"), func.max(recs.c.active).label("active"),
               func.min(recs.c.ident).label("ident")]
    if kinds is not None:
        # Records, not cases: a record with two cases is one record.
        columns.append(func.count(distinct(recs.c.subject)).label("records"))
        columns += [func.count(distinct(case((clusters.c[f"by_{kind}"] == 1, recs.c.subject), else_=None)))
                    .label(f"by_{kind}") for kind in kinds]
    return (select(*columns).select_from(recs.outerjoin(clusters, clusters.c.node == recs.c.subject))
            .group_by(person).subquery("stat_persons"))


def _live_cases(organisation_ids, period, codes, only=None):
    start, end = period_bounds(period)
    contacted = exists().where(Contact.person_id == Person.id, Contact.occurred_at >= start, Contact.occurred_at < end)
    reference_year = func.coalesce(year_of(Case.decided_on), utc_year(Case.opened_at))
    return (select(cast(Person.id, String).label("subject"), _gender_rank(Person.gender).label("g"),
                   _age_rank(reference_year - Person.birth_year, Person.birth_year).label("a"),
                   func.coalesce(codes.c.code, "9").label("c"),
                   _exploitation_rank(Case.exploitation).label("x"),
                   _presumed(Case.trafficking_status).label("presumed"),
                   _active(and_(Case.opened_at >= start, Case.opened_at < end), contacted).label("active"),
                   _identification(Case).label("ident"))
            .join(Person, Person.id == Case.person_id).outerjoin(codes, codes.c.citizenship == Person.citizenship)
            .where(Case.organisation_id.in_(organisation_ids),
                   *([] if only is None else [Person.id.in_(only)])))


def _stub_cases(organisation_ids, period, codes, only=None):
    stub = StatisticalStub
    contacted = exists().where(StubEvent.subject_key == stub.subject_key, StubEvent.kind == CONTACT,
                               StubEvent.occurred_on.between(*period))
    return (select(cast(stub.subject_key, String), _gender_rank(stub.gender),
                   case({band.value: i + 1 for i, band in enumerate(cat.AGE_BANDS)}, value=stub.age_band,
                        else_=cat.UNKNOWN_RANK),
                   func.coalesce(codes.c.code, "9"), _exploitation_rank(stub.exploitation),
                   _presumed(stub.trafficking_status),
                   _active(stub.opened_on.between(*period), contacted),
                   _identification(stub))
            .outerjoin(codes, codes.c.citizenship == stub.citizenship)
            .where(stub.organisation_id.in_(organisation_ids),
                   *([] if only is None else [stub.subject_key.in_(only)])))


def _active(opened_in_period, contacted_in_period):
    """1 when the case was opened in the period or the person was in contact then.

    The contact index is only probed for cases opened before the period.
    """
    return case((opened_in_period, 1), (contacted_in_period, 1), else_=0)


def _gender_rank(column):
    return case({g.value: i + 1 for i, g in enumerate(cat.GENDERS) if g != Gender.NOT_SPECIFIED}, value=column,
                else_=cat.UNKNOWN_RANK)


def _age_rank(age, birth_year):
    """The rank of the CTDC band of ``age`` (1 for 0-8 ... 9 for 48+), UNKNOWN_RANK without a birth year."""
    whens = [(birth_year.is_(None), cat.UNKNOWN_RANK), (age < 0, cat.UNKNOWN_RANK)]
    starts = cat.BAND_STARTS
    whens += [(age < starts[i + 1], i + 1) for i in range(len(starts) - 1)]
    return case(*whens, else_=len(starts))


def _exploitation_rank(column):
    padded = literal(",").concat(column).concat(",")
    whens = [(or_(*[padded.like(f"%,{code.value},%") for code in codes]), i + 1)
             for i, codes in enumerate(cat.EXPLOITATION_GROUPS.values()) if i < 2]
    return case(*whens, (column != "", 3), else_=cat.UNKNOWN_RANK)


def _presumed(status):
    return case((status == TraffickingStatus.NOT_A_VICTIM, 0), else_=1)


def _identification(record):
    """'YYYY-MM-DD' of an identifying decision followed by the body's rank; NULL for any other case."""
    bodies = {body.value: str(i + 1) for i, body in enumerate(cat.IDENTIFYING_BODIES)}
    identified = and_(record.trafficking_status == TraffickingStatus.ACTUAL, record.decided_on.is_not(None),
                      record.decided_by.in_(list(bodies)))
    return case((identified, cast(record.decided_on, String).concat(case(bodies, value=record.decided_by))),
                else_=None)


def _citizenship_mapping(organisation_ids):
    """{stored citizenship text: rank digit + country} for every value in scope (few distinct values)."""
    values = set(db.session.scalars(select(Person.citizenship).where(Person.organisation_id.in_(organisation_ids))
                                    .distinct()))
    values |= set(db.session.scalars(select(StatisticalStub.citizenship)
                                     .where(StatisticalStub.organisation_id.in_(organisation_ids)).distinct()))
    mapping = {}
    for value in sorted(v for v in values if v):
        group, country = cat.citizenship_key(value.split(","))
        rank = {"reporting_country": 1, "other_eu": 2, "non_eu": 3}.get(group.value, 9)
        mapping[value] = f"{rank}{country or ''}"
    return mapping or {"": "9"}


def _decode(g, a, c, x):
    """(gender, age band or 'unknown', (group, country), exploitation group) from the ranks."""
    gender = cat.GENDERS[g - 1].value if g != cat.UNKNOWN_RANK else Gender.NOT_SPECIFIED.value
    age = cat.AGE_BANDS[a - 1].value if a != cat.UNKNOWN_RANK else "unknown"
    groups = {"1": cat.CitizenshipGroup.REPORTING_COUNTRY, "2": cat.CitizenshipGroup.OTHER_EU,
              "3": cat.CitizenshipGroup.NON_EU}
    citizenship = (groups.get(c[0], cat.CitizenshipGroup.UNKNOWN).value, c[1:] or None)
    exploitation = list(cat.ExploitationGroup)[x - 1 if x != cat.UNKNOWN_RANK else -1].value
    return gender, age, citizenship, exploitation


def _service(code, events, organisation_ids, period, clusters):
    """Distinct persons with an event of the figure ``code`` in ``period``."""
    live = events(organisation_ids).subquery()
    rows = union_all(
        select(cast(live.c.person_id, String).label("subject"))
        .where(live.c.occurred_on.between(*period)),
        select(cast(StubEvent.subject_key, String)).where(
            StubEvent.kind == code, StubEvent.organisation_id.in_(organisation_ids),
            StubEvent.occurred_on.between(*period))).subquery()
    person = func.coalesce(clusters.c.root, rows.c.subject)
    query = select(func.count(distinct(person))).select_from(rows.outerjoin(clusters, clusters.c.node == rows.c.subject))
    return db.session.scalar(query)
