"""The release ledger: every release, who made it, and its files byte for byte."""

from sqlalchemy import select

from caseapp.extensions import db
from caseapp.stats.models import Release, ReleaseFile


def scope_of(user):
    """The organisation whose releases ``user`` makes and sees; None for the statistics coordinator."""
    return user.organisation_id


def releases_in_scope(organisation_id, limit=None):
    """The scope's releases, newest first."""
    query = select(Release).where(_scope(organisation_id)).order_by(Release.created_at.desc(), Release.id)
    return list(db.session.scalars(query.limit(limit) if limit else query))


def get_release(release_id, organisation_id=...):
    """The release with this id, within ``organisation_id``'s scope when given (None: the installation's)."""
    query = select(Release).where(Release.id == release_id)
    if organisation_id is not ...:
        query = query.where(_scope(organisation_id))
    return db.session.scalar(query)


def all_releases():
    """Every release of every scope, oldest first (for the command line)."""
    return list(db.session.scalars(select(Release).order_by(Release.created_at, Release.id)))


def release_file(release, fmt):
    """The stored file of ``release`` in ``fmt``, or None."""
    return db.session.scalar(select(ReleaseFile).where(ReleaseFile.release_id == release.id,
                                                       ReleaseFile.format == fmt))


def annual_releases(organisation_id, up_to):
    """The newest release of each whole calendar year up to ``up_to``'s year, oldest year first (for the trend)."""
    found = {}
    for release in reversed(releases_in_scope(organisation_id)):
        whole_year = (release.period_from.month, release.period_from.day, release.period_to.month,
                      release.period_to.day) == (1, 1, 12, 31) and release.period_from.year == release.period_to.year
        if whole_year and release.period_to.year <= up_to:
            found[release.period_from.year] = release
    return [found[year] for year in sorted(found)]


def _scope(organisation_id):
    if organisation_id is None:
        return Release.organisation_id.is_(None)
    return Release.organisation_id == organisation_id
