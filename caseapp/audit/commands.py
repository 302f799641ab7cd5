"""``caseapp audit``: verify the hash chain of the audit trail."""

import click
from flask.cli import AppGroup

from caseapp.audit import services

audit_cli = AppGroup("audit", help="The audit trail.")


@audit_cli.command("verify")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=services.VERIFY_BATCH_SIZE,
              show_default=True, help="Entries read per query.")
def verify_command(batch_size):
    """Recompute every entry's HMAC and check the links; exit 1 at the first altered, deleted or inserted entry.

    Removing entries from the end leaves a shorter chain that still
    verifies: keep the printed head (sequence and hash) somewhere else and
    compare.
    """
    result = services.verify(batch_size=batch_size)
    if result.problem is not None:
        click.echo(f"audit chain broken at entry {result.problem.sequence} ({result.problem.kind}): "
                   f"{result.problem.message}; {result.count} entries before it verified", err=True)
        raise SystemExit(1)
    head = f", head {result.head_sequence} {result.head_hash}" if result.count else ""
    click.echo(f"audit chain intact: {result.count} entries{head}")
