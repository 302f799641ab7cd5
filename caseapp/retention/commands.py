"""``caseapp retention run``: erase the persons whose cases were all closed too long ago."""

import click

from caseapp.core.jobs import one_run_at_a_time
from caseapp.extensions import db
from caseapp.retention import services

BATCH_SIZE = 100


@click.group("retention")
def retention_cli():
    """Erase personal data kept longer than CASEAPP_RETENTION_DAYS."""


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Only list the person ids that would be erased; change nothing.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=BATCH_SIZE, show_default=True,
              help="Persons erased per transaction.")
@one_run_at_a_time("retention")
def run_command(dry_run, batch_size):
    """Erase every person whose cases are all closed since before the retention period; print counts only."""
    cutoff = services.retention_cutoff()
    ids = services.expired_person_ids(cutoff)
    if dry_run:
        click.echo(f"Dry run: {len(ids)} persons would be erased (every case closed before {cutoff}). "
                   "Nothing was changed.")
        for person_id in ids:
            click.echo(f"  {person_id}")
        return
    persons = stubs = 0
    for start in range(0, len(ids), batch_size):
        for person_id in ids[start:start + batch_size]:
            erasure = services.erase_if_expired(person_id, cutoff)
            if erasure is not None:
                persons, stubs = persons + 1, stubs + erasure.stubs
        # Commit per batch: locks stay short and an interrupted run keeps what it did.
        db.session.commit()
    click.echo(f"Erased {persons} persons (cases closed before {cutoff}); "
               f"{stubs} cases kept as anonymous statistical stubs.")
