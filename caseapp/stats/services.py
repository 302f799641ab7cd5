"""Making a release: count, protect against the ledger, check as an attacker would, then record.

Nothing is written unless the attacker check passes. Flushes, never commits.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from caseapp.stats import catalogue as cg
from caseapp.stats import counting, disclosure, formats, layout, matching
from caseapp.stats.models import Release, ReleaseFile

FORMATS = ("csv", "xlsx", "json")


class ReleaseRefused(Exception):
    """The release was not made; the message is user-facing."""


@dataclass(frozen=True)
class ReleaseRequest:
    """What to release: the period, whose data (an organisation, or None for the installation), in which language."""

    period_from: date
    period_to: date
    organisation_id: object = None
    language: str = "da"
    actor_id: object = None


def make_release(request, progress=None):
    """Count, protect, check and record a release; return it. Raises ReleaseRefused."""
    if request.period_to < request.period_from:
        raise ReleaseRefused("The period ends before it begins.")
    k = current_app.config["STATS_MIN_CELL"]
    scope = scope_ids(request.organisation_id)
    stale = matching.stale_person_ids(scope)
    if stale:
        matching.refresh_keys(stale, progress and (lambda n: progress("keys", n, len(stale))))
    period = (request.period_from, request.period_to)
    earlier = overlapping_releases(request.organisation_id, period)
    pieces = layout.segments([period] + [(r.period_from, r.period_to) for r in earlier])
    counts = counting.count(scope, period, pieces)
    # An earlier release of the same period counts the same persons: count once.
    counted = {period: counts}
    shapes = [_new_shape(period, counts, pieces, k)] + [_earlier_shape(r, scope, counted) for r in earlier]
    frame = layout.Builder(shapes, counts.identified, pieces).frame()
    _seed_from_identical(frame, shapes)
    try:
        disclosure.protect(frame, k)
    except disclosure.ProtectionError as error:
        raise ReleaseRefused("The figures cannot be protected against the earlier releases.") from error
    findings = disclosure.attack(frame, k)
    if findings:
        raise ReleaseRefused("The attacker check found a suppressed cell that can be worked out.")
    return _record(request, k, frame, shapes[0], counts)


def ledger_findings(organisation_id, releases=None):
    """The attacker check over published releases together (default: every release of the scope)."""
    releases = releases if releases is not None else overlapping_releases(organisation_id, (date.min, date.max))
    if not releases:
        return []
    scope = scope_ids(organisation_id)
    periods = [(r.period_from, r.period_to) for r in releases]
    pieces = layout.segments(periods)
    identified = counting.count(scope, periods[0], pieces).identified
    counted = {}
    frame = layout.Builder([_earlier_shape(r, scope, counted) for r in releases], identified, pieces).frame()
    return disclosure.attack(frame, current_app.config["STATS_MIN_CELL"])


def scope_ids(organisation_id):
    """The organisations a release counts: one, or every organisation of the installation."""
    if organisation_id is not None:
        return [organisation_id]
    return list(db.session.scalars(select(Organisation.id).order_by(Organisation.id)))


def overlapping_releases(organisation_id, period):
    """Earlier releases of the same scope and catalogue whose period overlaps ``period``."""
    query = select(Release).where(
        Release.organisation_id.is_(None) if organisation_id is None else Release.organisation_id == organisation_id,
        Release.catalogue_version == cg.CATALOGUE_VERSION,
        Release.period_from <= period[1], Release.period_to >= period[0])
    return list(db.session.scalars(query.order_by(Release.created_at, Release.id)))


def _new_shape(period, counts, pieces, k):
    inside = {i for i, piece in enumerate(pieces) if period[0] <= piece[0] and piece[1] <= period[1]}
    own = {key: n for key, n in counts.identified.items() if key[5] in inside}
    shown = {cg.PRESUMED: layout.shown_countries(counts.presumed, k), cg.IDENTIFIED: layout.shown_countries(own, k)}
    return layout.Shape(layout.NEW, period, shown, counts.presumed, counts.services)


def _earlier_shape(release, scope, counted=None):
    period = (release.period_from, release.period_to)
    counted = {} if counted is None else counted
    if period not in counted:
        counted[period] = counting.count(scope, period, with_identified=False)
    counts = counted[period]
    shown = {universe: tuple(countries) for universe, countries in release.pattern["shown"].items()}
    return layout.Shape(str(release.id), period, shown, counts.presumed, counts.services, release.pattern)


def _seed_from_identical(frame, shapes):
    """A cell suppressed by an earlier release of the same period stays suppressed: reruns match byte for byte."""
    same = {shape.tag for shape in shapes[1:] if shape.period == shapes[0].period}
    hidden = {cell.key[1:] + (cell.signature,) for cell in frame.cells if cell.key[0] in same and cell.suppressed}
    for cell in frame.cells:
        if cell.key[0] == layout.NEW and cell.key[1:] + (cell.signature,) in hidden:
            cell.suppressed = True


def _record(request, k, frame, shape, counts):
    """Build the files, then write the release and its files to the ledger."""
    new_cells = [cell for cell in frame.cells if cell.key[0] == layout.NEW]
    scope_name = None
    if request.organisation_id is not None:
        scope_name = db.session.get(Organisation, request.organisation_id).name
    with force_locale(request.language):
        document = formats.document(request, k, frame, shape, counts, scope_name)
        files = {fmt: formats.render(fmt, document) for fmt in FORMATS}
    pattern = {"shown": {u: list(c) for u, c in shape.shown.items()},
               "suppressed": sorted("/".join(c.key[1:]) for c in new_cells if c.suppressed),
               "published": {"/".join(c.key[1:]): frame.value(c.key) for c in new_cells if not c.suppressed}}
    release = Release(created_by_id=request.actor_id, organisation_id=request.organisation_id,
                      period_from=request.period_from, period_to=request.period_to, min_cell=k,
                      language=request.language, catalogue_version=cg.CATALOGUE_VERSION,
                      cells_total=len(new_cells), cells_suppressed=sum(c.suppressed for c in new_cells),
                      pattern=pattern)
    release.files = [ReleaseFile(format=fmt, filename=formats.filename(document, fmt),
                                 sha256=hashlib.sha256(content).hexdigest(), content=content)
                     for fmt, content in files.items()]
    db.session.add(release)
    db.session.flush()
    return release
