"""``caseapp stats``: make a release from the command line, list and fetch releases, refresh match keys."""

import sys

import click

from caseapp.extensions import db
from caseapp.stats import ledger, matching, services

# Persons whose keys must be made before the progress bar is worth showing.
PROGRESS_FROM = 2000


@click.group("stats")
def stats_cli():
    """Statistics for the national indicator."""


@stats_cli.command("export")
@click.option("--from", "period_from", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
@click.option("--to", "period_to", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(services.FORMATS), default="csv", show_default=True)
@click.option("--organisation", type=click.UUID, default=None, help="Only this organisation (default: all of them).")
@click.option("--language", type=click.Choice(["da", "en"]), default="da", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the file here (default: standard output).")
def export_command(period_from, period_to, fmt, organisation, language, output):
    """Make a protected release of the period, record it in the ledger and write one of its files."""
    request = services.ReleaseRequest(period_from.date(), period_to.date(), organisation, language)
    stale = len(matching.stale_person_ids(services.scope_ids(organisation)))
    try:
        if stale >= PROGRESS_FROM:
            with click.progressbar(length=stale, label="Matching records", file=sys.stderr) as bar:
                release = services.make_release(request, progress=lambda _step, n, _total: bar.update(n))
        else:
            release = services.make_release(request)
    except services.ReleaseRefused as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    _write(ledger.release_file(release, fmt), output)
    click.echo(f"Release {release.id}: {release.cells_suppressed} of {release.cells_total} cells suppressed.",
               err=True)


@stats_cli.command("releases")
def releases_command():
    """List the ledger: every release with its period, scope, suppressed cells and file checksums."""
    for release in ledger.all_releases():
        scope = release.organisation_id or "installation"
        click.echo(f"{release.id} {release.created_at:%Y-%m-%d %H:%M} {release.period_from}..{release.period_to} "
                   f"{scope} k={release.min_cell} suppressed={release.cells_suppressed}/{release.cells_total}")
        for item in release.files:
            click.echo(f"    {item.format:<5} sha256={item.sha256} {item.filename}")


@stats_cli.command("download")
@click.argument("release_id", type=click.UUID)
@click.option("--format", "fmt", type=click.Choice(services.FORMATS), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None)
def download_command(release_id, fmt, output):
    """Write a file of an earlier release again, exactly as it was made."""
    release = ledger.get_release(release_id)
    if release is None:
        raise click.ClickException("No release has this id.")
    _write(ledger.release_file(release, fmt), output)


@stats_cli.command("match-keys")
def match_keys_command():
    """Make the match keys of every person whose keys are missing or out of date (after a bulk import)."""
    stale = matching.stale_person_ids()
    with click.progressbar(length=len(stale), label="Matching records", file=sys.stderr) as bar:
        matching.refresh_keys(stale, progress=bar.update)
    db.session.commit()
    click.echo(f"Match keys made for {len(stale)} persons.")


def _write(item, output):
    if output:
        with open(output, "wb") as handle:
            handle.write(item.content)
    else:
        sys.stdout.buffer.write(item.content)
        sys.stdout.buffer.flush()

