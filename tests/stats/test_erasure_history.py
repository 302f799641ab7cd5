"""Erasure must not change history: every figure of a past period is the same after persons are erased."""

import json
from datetime import date

from sqlalchemy import func, select

from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.cases.services import change_status
from caseapp.extensions import db
from caseapp.retention.services import erase_person
from caseapp.stats import counting, ledger, matching, services
from caseapp.stats.models import MatchKey, SubjectLink
from tests.conftest import run_cli
from tests.stats.conftest import YEAR

Q3 = (date(2025, 7, 1), date(2025, 9, 30))
PERIODS = [YEAR, Q3, (date(2025, 2, 1), date(2025, 2, 1)), (date(2024, 1, 1), date(2025, 12, 31))]


def figures(organisation_id=None):
    """Every count of every period above, straight from counting (no suppression in the way)."""
    matching.refresh_keys(matching.stale_person_ids())
    found = []
    for period in PERIODS:
        counts = counting.count(services.scope_ids(organisation_id), period)
        found.append((dict(counts.presumed), dict(counts.identified), counts.services, counts.records,
                      counts.persons, counts.merged_by))
    return found


def test_erasing_on_request_changes_no_figure(world):
    """Ana (known to A and B) and Maria (referred) erased in A, and a Thai woman with 2025 contacts: same counts."""
    before, before_a = figures(), figures(world.org_a.id)
    coordinator = world.coordinator_a
    for person in (world.persons["shared_a"], world.persons["referred_a"], world.persons["th_presumed"][0]):
        erase_person(world.org_a.id, person, coordinator, "subject_request")
    assert figures() == before
    assert figures(world.org_a.id) == before_a


def test_a_stub_keeps_the_match_outcome_but_no_match_key(world):
    """After Ana's erasure in A, a link from her stub to B's record remains; her keys are gone."""
    matching.refresh_keys(matching.stale_person_ids())
    shared = world.persons["shared_a"]
    erase_person(world.org_a.id, shared, world.coordinator_a, "subject_request")
    assert db.session.scalar(select(func.count()).select_from(MatchKey).where(MatchKey.person_id == shared.id)) == 0
    links = db.session.scalars(select(SubjectLink)).all()
    assert [(link.subject_b, link.kind) for link in links] == [(world.persons["shared_b"].id, "name_dob")]


def test_erasing_both_records_of_one_person_still_counts_her_once(world):
    """Ana erased in A, then in B: the two stubs stay linked, and the counts do not move."""
    before = figures()
    erase_person(world.org_a.id, world.persons["shared_a"], world.coordinator_a, "subject_request")
    erase_person(world.org_b.id, world.persons["shared_b"], world.coordinator_b, "other")
    assert figures() == before


def test_retention_run_changes_no_published_figure(world, app):
    """`caseapp retention run` erases closed cases; a release of 2025 made after it has the same files."""
    for person in world.persons["ro_women"][:4] + world.persons["bg_women"][:2]:
        case = db.session.scalars(select(Case).where(Case.person_id == person.id)).one()
        change_status(case, world.coordinator_a, CaseStatus.CLOSED, case.version, outcome="returned",
                      closed_on=date(2025, 12, 1))
    first = services.make_release(services.ReleaseRequest(*YEAR, None, "en"))
    app.config["RETENTION_DAYS"] = 30
    try:
        result = run_cli(app, ["retention", "run"])
    finally:
        app.config["RETENTION_DAYS"] = 1826
    assert "Erased 6 persons" in result.output, result.output
    second = services.make_release(services.ReleaseRequest(*YEAR, None, "en"))
    for fmt in services.FORMATS:
        assert ledger.release_file(second, fmt).content == ledger.release_file(first, fmt).content
    assert json.loads(ledger.release_file(second, "json").content)["tables"]
