"""`caseapp stats`: export a release from the command line, list the ledger, fetch a file again."""

import json

from caseapp.stats import ledger
from tests.conftest import run_cli

EXPORT = ["stats", "export", "--from", "2025-01-01", "--to", "2025-12-31", "--language", "en"]


def test_export_writes_the_release_and_records_it(app, world, tmp_path):
    """The JSON written is the ledger's file; the summary goes to standard error."""
    target = tmp_path / "indicator.json"
    result = run_cli(app, [*EXPORT, "--format", "json", "--output", str(target)])
    assert result.exit_code == 0, result.output
    made = ledger.releases_in_scope(None)[0]
    assert target.read_bytes() == ledger.release_file(made, "json").content
    assert json.loads(target.read_bytes())["period"] == {"from": "2025-01-01", "to": "2025-12-31"}


def test_export_for_one_organisation(app, world):
    """--organisation counts that organisation only; the CSV goes to standard output."""
    result = run_cli(app, [*EXPORT, "--format", "csv", "--organisation", str(world.org_b.id)])
    assert result.exit_code == 0, result.output
    assert 'presumed_by_sex,"Persons in contact' in result.output
    assert ledger.releases_in_scope(world.org_b.id) and not ledger.releases_in_scope(None)


def test_two_exports_give_the_same_bytes_and_download_gives_them_again(app, world, tmp_path):
    """Reruns are byte-identical; `stats download` writes the stored file."""
    first, second, again = tmp_path / "1.xlsx", tmp_path / "2.xlsx", tmp_path / "3.xlsx"
    for target in (first, second):
        assert run_cli(app, [*EXPORT, "--format", "xlsx", "--output", str(target)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    made = ledger.releases_in_scope(None)[0]
    assert run_cli(app, ["stats", "download", str(made.id), "--format", "xlsx", "--output", str(again)]).exit_code == 0
    assert again.read_bytes() == first.read_bytes()
    listing = run_cli(app, ["stats", "releases"]).output
    assert str(made.id) in listing and ledger.release_file(made, "xlsx").sha256 in listing


def test_a_bad_period_is_refused_with_a_message(app, world):
    """A period ending before it begins changes nothing."""
    result = run_cli(app, ["stats", "export", "--from", "2025-12-31", "--to", "2025-01-01"])
    assert result.exit_code != 0 and "ends before it begins" in result.output
    assert ledger.releases_in_scope(None) == []


def test_many_persons_to_match_show_a_progress_bar(app, world, monkeypatch):
    """With more stale persons than the threshold, the keys are made behind a progress bar."""
    from caseapp.stats import commands

    monkeypatch.setattr(commands, "PROGRESS_FROM", 1)
    result = run_cli(app, [*EXPORT, "--format", "csv"])
    assert result.exit_code == 0 and "Matching records" in result.output
