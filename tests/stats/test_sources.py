"""Features plug their figures and links into the statistics: service figures and referral links."""

import json
from datetime import date

import pytest
from sqlalchemy import Uuid, literal, select

from caseapp.cases.models import Case
from caseapp.retention.services import erase_person
from caseapp.stats import counting, ledger, matching, services
from caseapp.stats.formats import NOT_RECORDED, PUBLISHED, SUPPRESSED
from caseapp.stats.sources import register_figure, register_link_source, sources
from tests.stats.conftest import YEAR, cell


def decisions(organisation_ids):
    """A stand-in figure source: one event per decided case, on the day of the decision."""
    query = select(Case.person_id, Case.organisation_id, Case.decided_on.label("occurred_on")).where(
        Case.decided_on.is_not(None))
    return query if organisation_ids is None else query.where(Case.organisation_id.in_(organisation_ids))


@pytest.fixture
def figure(app, monkeypatch):
    """The 'reflection_started' figure fed by ``decisions`` instead of the reflection periods, for one test."""
    monkeypatch.setitem(sources(app).figures, "reflection_started", decisions)


def installation_counts():
    matching.refresh_keys(matching.stale_person_ids())
    return counting.count(services.scope_ids(None), YEAR)


def test_a_registered_figure_counts_distinct_persons(world, figure):
    """29 decided records (the not-a-victim man's too); Ana's two are one person: 28 persons."""
    assert installation_counts().services["reflection_started"] == 28


def test_figures_without_a_source_are_not_recorded_not_zero(app, world, figure, monkeypatch):
    """Without the shelters' source, the release shows 'not recorded' for placements, not 0."""
    monkeypatch.delitem(sources(app).figures, "shelter_placements")
    made = services.make_release(services.ReleaseRequest(*YEAR, None, "en"))
    document = json.loads(ledger.release_file(made, "json").content)
    assert cell(document, "services", "reflection_started", "persons") == (28, PUBLISHED)
    assert cell(document, "services", "shelter_placements", "persons") == (None, NOT_RECORDED)


def test_a_small_figure_is_suppressed(world, figure):
    """Organisation B in the 4th quarter: only Maria's court decision, 1 person."""
    made = services.make_release(services.ReleaseRequest(date(2025, 10, 1), date(2025, 12, 31), world.org_b.id, "en"))
    document = json.loads(ledger.release_file(made, "json").content)
    assert cell(document, "services", "reflection_started", "persons") == (None, SUPPRESSED)


def test_a_figure_survives_erasure(world, figure):
    """The event days are kept with the stub: the figure does not move when Ana is erased in A."""
    before = installation_counts().services
    erase_person(world.org_a.id, world.persons["shared_a"], world.coordinator_a, "subject_request")
    assert installation_counts().services == before


def test_a_figure_has_one_source(app):
    """The reflection feature feeds 'reflection_started'; a second source for it is refused."""
    with pytest.raises(ValueError, match="already has a source"):
        register_figure(app, "reflection_started", decisions)


def test_an_unknown_figure_cannot_be_registered(app):
    """Only the catalogue's figures exist, so a release always holds the same tables."""
    with pytest.raises(ValueError):
        register_figure(app, "cups_of_coffee", decisions)


def test_a_registered_link_merges_two_records(app, world):
    """A referral registered as a link: a Romanian woman of A and a Bulgarian woman of B become one person."""
    a, b = world.persons["ro_women"][0], world.persons["bg_women"][0]

    def referrals(_organisation_ids):
        return select(literal(a.id, Uuid).label("a"), literal(a.organisation_id, Uuid).label("organisation_a"),
                      literal(b.id, Uuid).label("b"), literal(b.organisation_id, Uuid).label("organisation_b"),
                      literal("referral").label("kind"))

    before = installation_counts()
    register_link_source(app, referrals)
    try:
        after = installation_counts()
    finally:
        sources(app).links.remove(referrals)
    assert sum(after.presumed.values()) == sum(before.presumed.values()) - 1
    assert after.merged_by["referral"] == 2
