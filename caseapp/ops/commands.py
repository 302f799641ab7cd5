"""``caseapp backup``, ``caseapp restore``, ``caseapp analyze`` and ``caseapp check-deploy``."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from caseapp.core.database import refresh_statistics
from caseapp.core.jobs import one_run_at_a_time
from caseapp.core.models import utcnow
from caseapp.ops import backup, deploy


@click.command("backup")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Backup file to write (default: caseapp-backup-<UTC time>.tar in --dir).")
@click.option("--dir", "directory", type=click.Path(file_okay=False, exists=True), default=".", show_default=True,
              help="Folder for the backup file when --output is not given.")
@with_appcontext
@one_run_at_a_time("backup")
def backup_command(output, directory):
    """Back up the database (encrypted fields stay encrypted; keys are never included)."""
    path = Path(output or Path(directory) / f"caseapp-backup-{utcnow():%Y%m%dT%H%M%SZ}.tar")
    try:
        manifest = backup.take_backup(path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {path}: {manifest.dialect}, migration "
               f"{', '.join(manifest.migration_revisions) or 'none'}; it needs data keys "
               f"{', '.join(manifest.data_key_ids)} and index keys {', '.join(manifest.index_key_ids)}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def restore_command(path):
    """Restore a backup into the configured database, which must be new and empty."""
    try:
        manifest = backup.restore_backup(path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {path} (taken {manifest.created_at}).")
    if backup.behind_head(manifest):
        click.echo("The backup is from an older version: run `caseapp db upgrade` before serving.")
    click.echo("Check it: `caseapp audit verify`.")


@click.command("analyze")
@with_appcontext
@one_run_at_a_time("analyze")
def analyze_command():
    """Measure the tables for the query planner (run after bulk loads, and weekly by the timer)."""
    refresh_statistics()
    click.echo("Table statistics refreshed.")


@click.command("check-deploy")
def check_deploy_command():
    """Check the production configuration in the environment; name each problem and its fix; exit 1 on any."""
    problems = deploy.deploy_problems()
    for problem in problems:
        click.echo(f"PROBLEM  {problem.setting} {problem.problem}\n    fix: {problem.fix}")
    if problems:
        click.echo(f"{len(problems)} problem(s): not ready for production.")
        sys.exit(1)
    click.echo("No problems found: the configuration is ready for production.")
