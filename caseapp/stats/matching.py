"""Counting persons, not records: match keys, and the clusters of records that are one person.

A person known to two organisations has a record in each. Records sharing
a match key (full name with date of birth, a phone number, an identity
document number), a link kept from an erased record, or a link a feature
registers (a referral) are one person. Clusters are the connected groups
of such records, found in SQL with a recursive query.
"""

from sqlalchemy import String, case, cast, delete, func, insert, or_, select, union_all
from sqlalchemy.orm import selectinload

from caseapp.crypto import blind_index, compound_blind_index, normalise_date, normalise_name, normalise_phone
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.stats.models import MATCH_KEY_LENGTH, KeyedPerson, MatchKey, SubjectLink

NAME_DOB, PHONE, DOCUMENT = "name_dob", "phone", "document"
KINDS = (NAME_DOB, PHONE, DOCUMENT)
MATCH_BITS = MATCH_KEY_LENGTH * 4
# A value shared by more records than this is no one person's (an NGO's own phone number typed in
# for several clients, a placeholder document number): it merges nothing.
MAX_RECORDS_PER_KEY = 10
REFRESH_BATCH = 500


def person_keys(person):
    """The (kind, digest) match keys of ``person`` from its decrypted fields."""
    keys = set()
    full_name = " ".join(part for part in (person.given_names, person.family_name) if part)
    if person.given_names and person.date_of_birth:
        parts = [(full_name, normalise_name), (person.date_of_birth, normalise_date)]
        keys.add((NAME_DOB, compound_blind_index("stats_match", NAME_DOB, parts, bits=MATCH_BITS)))
    for phone in person.phones:
        keys.add((PHONE, blind_index("stats_match", PHONE, phone.number, normalise_phone, bits=MATCH_BITS)))
    if person.identity_document:
        keys.add((DOCUMENT, blind_index("stats_match", DOCUMENT, person.identity_document, normalise_name,
                                        bits=MATCH_BITS)))
    return {(kind, digest) for kind, digest in keys if digest}


def stale_person_ids(organisation_ids=None, person_ids=None):
    """Ids of persons whose match keys are missing or older than the person's current version."""
    query = (select(Person.id).outerjoin(KeyedPerson, KeyedPerson.person_id == Person.id)
             .where(or_(KeyedPerson.person_id.is_(None), KeyedPerson.person_version != Person.version)))
    if organisation_ids is not None:
        query = query.where(Person.organisation_id.in_(organisation_ids))
    if person_ids is not None:
        query = query.where(Person.id.in_(person_ids))
    return list(db.session.scalars(query.order_by(Person.id)))


def refresh_keys(person_ids, progress=None):
    """Make the match keys of ``person_ids`` again, in batches; flushes only."""
    for start in range(0, len(person_ids), REFRESH_BATCH):
        batch = person_ids[start:start + REFRESH_BATCH]
        persons = db.session.scalars(select(Person).where(Person.id.in_(batch))
                                     .options(selectinload(Person.phones))).all()
        db.session.execute(delete(MatchKey).where(MatchKey.person_id.in_(batch)))
        db.session.execute(delete(KeyedPerson).where(KeyedPerson.person_id.in_(batch)))
        rows = [dict(person_id=p.id, organisation_id=p.organisation_id, kind=kind, digest=digest)
                for p in persons for kind, digest in sorted(person_keys(p))]
        if rows:
            db.session.execute(insert(MatchKey), rows)
        db.session.execute(insert(KeyedPerson), [dict(person_id=p.id, person_version=p.version) for p in persons])
        if progress:
            progress(len(batch))
    db.session.flush()


def key_edges(organisation_ids=None):
    """(a, b, kind, organisation_b) for every two records sharing a match key, both ways round.

    The shared keys are found first by grouping the key index (few keys are
    shared), then their records are paired: no probe per key row.
    """
    keys = MatchKey.__table__
    inside = [] if organisation_ids is None else [keys.c.organisation_id.in_(organisation_ids)]
    shared = (select(keys.c.kind, keys.c.digest).where(*inside).group_by(keys.c.kind, keys.c.digest)
              .having(func.count().between(2, MAX_RECORDS_PER_KEY)).subquery("stat_shared_keys"))
    a, b = keys.alias("stat_key_a"), keys.alias("stat_key_b")
    return (select(a.c.person_id.label("a"), b.c.person_id.label("b"), a.c.kind.label("kind"),
                   b.c.organisation_id.label("organisation_b"))
            .select_from(shared.join(a, (a.c.kind == shared.c.kind) & (a.c.digest == shared.c.digest))
                         .join(b, (b.c.kind == shared.c.kind) & (b.c.digest == shared.c.digest)))
            .where(a.c.person_id != b.c.person_id,
                   *([] if organisation_ids is None else [a.c.organisation_id.in_(organisation_ids),
                                                          b.c.organisation_id.in_(organisation_ids)])))


def kept_edges(organisation_ids=None):
    """(a, b, kind, organisation_b) links kept from erased records, both ways round."""
    link = SubjectLink
    forward = select(link.subject_a, link.subject_b, link.kind, link.organisation_b)
    backward = select(link.subject_b, link.subject_a, link.kind, link.organisation_a)
    if organisation_ids is not None:
        inside = link.organisation_a.in_(organisation_ids) & link.organisation_b.in_(organisation_ids)
        forward, backward = forward.where(inside), backward.where(inside)
    return [forward, backward]


def edges(organisation_ids=None, link_sources=()):
    """Every (a, b, kind, organisation_b) edge between records: match keys, kept links, registered links.

    A link source is ``source(organisation_ids)`` giving a SELECT of columns
    ``a, organisation_a, b, organisation_b, kind`` (ids of persons that are
    one person, e.g. the two records of a referral); None means every organisation.
    """
    parts = [key_edges(organisation_ids), *kept_edges(organisation_ids)]
    for source in link_sources:
        link = source(organisation_ids).subquery()
        parts += [select(link.c.a, link.c.b, link.c.kind, link.c.organisation_b),
                  select(link.c.b, link.c.a, link.c.kind, link.c.organisation_a)]
    return union_all(*parts)


def clusters(edge_select, kinds=()):
    """CTE (node, node_id, root, one 0/1 column per kind): each record with an edge (as text and as id),
    the smallest record id of its cluster (as text), and by which kinds of match it was merged."""
    every = edge_select.cte("stat_every_edge")
    pairs = select(every.c.a, every.c.b).distinct().cte("stat_edges")
    reach = select(pairs.c.a.label("node"), pairs.c.a.label("root")).cte("stat_reach", recursive=True)
    reach = reach.union(select(pairs.c.b, reach.c.root).join(pairs, pairs.c.a == reach.c.node))
    roots = (select(reach.c.node.label("node"), func.min(cast(reach.c.root, String)).label("root"))
             .group_by(reach.c.node).subquery("stat_roots"))
    flags = [func.max(case((every.c.kind == kind, 1), else_=0)).label(f"by_{kind}") for kind in kinds]
    merged = select(every.c.a.label("node"), *flags).group_by(every.c.a).subquery("stat_kinds")
    return (select(cast(roots.c.node, String).label("node"), roots.c.node.label("node_id"), roots.c.root,
                   *[merged.c[f"by_{kind}"] for kind in kinds])
            .join(merged, merged.c.node == roots.c.node).cte("stat_clusters"))


def neighbours(person_id, link_sources=()):
    """(subject, organisation, kind) of every record directly matched with ``person_id``, in any organisation."""
    every = edges(None, link_sources).subquery()
    query = select(every.c.b, every.c.organisation_b, every.c.kind).where(every.c.a == person_id).distinct()
    return sorted(db.session.execute(query).all(), key=lambda row: (str(row[0]), row[2]))
