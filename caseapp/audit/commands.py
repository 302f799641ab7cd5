"""``caseapp audit``: verify the hash chain of the audit trail and anchor its head outside the database."""

import click
from flask import current_app
from flask.cli import AppGroup

from caseapp.audit import anchors, services
from caseapp.core.jobs import one_run_at_a_time

audit_cli = AppGroup("audit", help="The audit trail.")


@audit_cli.command("verify")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=services.VERIFY_BATCH_SIZE,
              show_default=True, help="Entries read per query.")
@click.option("--anchor-file", type=click.Path(exists=True, dir_okay=False),
              help="Compare with the last anchor in this file (default: the CASEAPP_AUDIT_ANCHOR file).")
def verify_command(batch_size, anchor_file):
    """Recompute every entry's HMAC and check the links; exit 1 at the first altered, deleted or inserted entry.

    Then compare the chain with the last anchor (``caseapp audit anchor``),
    which catches entries removed from the end.
    """
    result = services.verify(batch_size=batch_size)
    problem = result.problem
    anchor = _last_anchor(anchor_file) if problem is None else None
    if anchor is not None:
        problem = anchors.check_against(anchor, result.head_sequence)
    if problem is not None:
        click.echo(f"audit chain broken at entry {problem.sequence} ({problem.kind}): "
                   f"{problem.message}; {result.count} entries before it verified", err=True)
        raise SystemExit(1)
    head = f", head {result.head_sequence} {result.head_hash}" if result.count else ""
    click.echo(f"audit chain intact: {result.count} entries{head}")
    if anchor is not None:
        click.echo(f"matches the last anchor ({anchor.anchored_at}, entry {anchor.sequence})")
    elif current_app.config.get("AUDIT_ANCHOR"):
        click.echo("no anchor to compare with yet: run `caseapp audit anchor` from a timer")


def _last_anchor(anchor_file):
    """The last anchor of ``anchor_file`` or of the configured anchor file, or None."""
    configured = current_app.config.get("AUDIT_ANCHOR") or ""
    path = anchor_file or (None if configured.startswith("syslog") else configured)
    if not path:
        return None
    try:
        return anchors.read_last_anchor(path)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        raise click.ClickException(f"the last line of {path} is not an anchor") from None


@audit_cli.command("anchor")
@one_run_at_a_time("audit-anchor")
def anchor_command():
    """Verify the chain, then write its head (sequence and hash, signed) to CASEAPP_AUDIT_ANCHOR.

    Run it from a timer (e.g. hourly); keep the file on another machine or
    in a log the database's administrators cannot rewrite.
    """
    destination = current_app.config.get("AUDIT_ANCHOR")
    if not destination:
        raise click.ClickException("Set CASEAPP_AUDIT_ANCHOR to a file path or to syslog first.")
    result = services.verify()
    previous = _last_anchor(None) if result.problem is None else None
    problem = result.problem or (previous and anchors.check_against(previous, result.head_sequence))
    if problem:
        raise click.ClickException(f"not anchored: the chain is broken at entry {problem.sequence} "
                                   f"({problem.kind}): {problem.message}")
    anchor = anchors.current_anchor()
    anchors.write_anchor(anchor, destination)
    click.echo(f"anchored entry {anchor.sequence} ({anchor.hash}) to {destination}")
