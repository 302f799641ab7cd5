"""Releases: byte-identical reruns, the ledger, and protection across releases of overlapping periods."""

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest

from caseapp.stats import ledger, services
from caseapp.stats.formats import PUBLISHED, SUPPRESSED
from tests.stats.conftest import YEAR, cell

H1 = (date(2025, 1, 1), date(2025, 6, 30))
H2 = (date(2025, 7, 1), date(2025, 12, 31))


def release(period=YEAR, organisation_id=None, language="en"):
    """A new release of ``period``."""
    return services.make_release(services.ReleaseRequest(*period, organisation_id, language))


def document(made):
    """The JSON document of release ``made``."""
    return json.loads(ledger.release_file(made, "json").content)


@pytest.mark.parametrize("fmt", services.FORMATS)
def test_the_same_parameters_over_the_same_data_give_the_same_bytes(world, fmt):
    """Two releases of 2025: each format's file is byte for byte the same, so are the checksums."""
    first, second = release(), release()
    assert first.id != second.id
    one, two = ledger.release_file(first, fmt), ledger.release_file(second, fmt)
    assert one.content == two.content and one.sha256 == two.sha256
    assert one.sha256 == hashlib.sha256(one.content).hexdigest()


def test_the_xlsx_file_carries_a_fixed_creation_date(world):
    """No clock in the workbook: it is dated the period's last day."""
    content = ledger.release_file(release(), "xlsx").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "2025-12-31T00:00:00Z" in core


def test_the_ledger_records_who_when_what_and_the_suppressed_cells(world):
    """The release row holds scope, period, k, language, cell counts; every file has its checksum."""
    made = services.make_release(services.ReleaseRequest(*YEAR, world.org_a.id, "da", world.coordinator_a.id))
    assert (made.organisation_id, made.period_from, made.period_to, made.min_cell, made.language) == (
        world.org_a.id, *YEAR, 5, "da")
    assert made.created_by_id == world.coordinator_a.id and made.created_at is not None
    assert 0 < made.cells_suppressed < made.cells_total
    assert sorted(f.format for f in made.files) == ["csv", "json", "xlsx"]
    assert document(made)["disclosure_control"]["suppressed"] == made.cells_suppressed
    # The ledger keeps the suppressed cells' keys, never their values.
    assert all(isinstance(key, str) for key in made.pattern["suppressed"])


def test_a_rerun_after_a_correction_keeps_the_earlier_suppressions(world):
    """A cell suppressed before stays suppressed in a rerun of the same period, so it cannot be compared out."""
    first = release()
    from caseapp.cases.models import DecisionBody, TraffickingStatus
    from tests.stats.conftest import add_person

    add_person(world.org_a, world.coordinator_a, born=date(2009, 3, 3), citizenship=("NG",),
               decision=(TraffickingStatus.ACTUAL, DecisionBody.CMM, date(2025, 9, 2)))
    second = release()
    assert set(first.pattern["suppressed"]) <= set(second.pattern["suppressed"])


def test_a_half_year_after_the_year_is_protected_across_the_ledger(world):
    """2025 publishes 21 identified women; January-June alone would publish 18: the difference, 3, is
    the women identified in July-December. Made after the year, the half year withholds its total."""
    year = release()
    half = release(H1)
    assert cell(document(year), "identified_by_sex", "Feminine", "total") == (21, PUBLISHED)
    assert cell(document(half), "identified_by_sex", "Feminine", "total") == (None, SUPPRESSED)
    assert services.ledger_findings(None) == []


def test_without_the_ledger_the_half_year_gives_the_second_half_away(world, monkeypatch):
    """The weak way, protecting each release alone: the attacker subtracts the half year from the year."""
    release()
    monkeypatch.setattr(services, "overlapping_releases", lambda *_args: [])
    half = release(H1)
    assert cell(document(half), "identified_by_sex", "Feminine", "total") == (18, PUBLISHED)
    monkeypatch.undo()
    findings = services.ledger_findings(None)
    disclosed = [f for f in findings if f.requirement.cell[1:] == ("identified", "sex", "Feminine", "total")]
    assert disclosed and {f.reached for f in disclosed} == {3}


def test_a_release_that_cannot_be_protected_is_refused_and_nothing_is_written(world, monkeypatch):
    """When the attacker check fails the release is refused before any row or file is written."""
    from caseapp.stats import disclosure

    monkeypatch.setattr(disclosure, "suppress_secondary", lambda frame, k: 0)
    with pytest.raises(services.ReleaseRefused):
        release()
    assert ledger.releases_in_scope(None) == []
