"""``caseapp crypto``: key management commands (new keys, rotation, key usage)."""

import json
from collections import Counter

import click
from flask.cli import AppGroup

from caseapp.core.jobs import one_run_at_a_time
from caseapp.crypto import rotation
from caseapp.crypto.errors import CryptoError
from caseapp.crypto.keys import new_key_entry, new_keyring_document
from caseapp.crypto.loading import get_keyring

crypto_cli = AppGroup("crypto", help="Field encryption keys.")


@crypto_cli.command("new-key")
@click.option("--data-only", is_flag=True, help="Print only a data key entry, to append to an existing key list.")
def new_key_command(data_only):
    """Print a new random key document (or one data key entry) in the DATA_KEYS format."""
    document = new_key_entry("d") if data_only else new_keyring_document()
    click.echo(json.dumps(document, indent=2))


@crypto_cli.command("rotate")
@click.option("--reindex", is_flag=True,
              help="Rebuild every blind index even if a sample of them still matches the index key.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=rotation.BATCH_SIZE, show_default=True,
              help="Rows per read and per write transaction.")
@one_run_at_a_time("crypto-rotate")
def rotate_command(reindex, batch_size):
    """Re-encrypt every value under the newest data key; rebuild blind indexes if the index key changed.

    Give every running app process the new key document first, then run
    this while the app keeps serving: concurrent edits are never
    overwritten, and an interrupted run resumes where it stopped. Whether
    the index key changed is detected from a sample of stored indexes;
    --reindex rebuilds them regardless.
    """
    tables = rotation.encrypted_tables()
    if not reindex and rotation.index_key_changed(tables):
        click.echo("The stored blind indexes do not match the index key: rebuilding them all.")
        reindex = True
    total = rotation.count_pending(tables, reindex)
    try:
        with click.progressbar(length=total, label=f"Rotating {total} rows") as bar:
            result = rotation.rotate(tables, reindex=reindex, batch_size=batch_size, on_batch=bar.update)
    except CryptoError as exc:
        raise click.ClickException(f"{exc} Batches written so far are kept; rerun after fixing it.") from None
    for table in result.tables:
        click.echo(f"  {table.table}: {table.checked} checked, {table.rewritten} rewritten, {table.skipped} busy")
    click.echo(f"{result.checked} rows checked, {result.rewritten} rewritten in {result.seconds:.1f} s "
               f"({result.rate:,.0f} rows/s).")
    # Counted afresh rather than trusted from the walk: a row moved meanwhile (SQLite's VACUUM renumbers
    # rowids) or edited under an old key by a process without the new keys would show up here.
    pending = rotation.count_pending(tables, reindex=False)
    click.echo(f"Rows with a value under an older data key: {pending}.")
    if result.skipped or pending:
        click.echo("Run the command again to finish them; retire no key until this says 0.")


@crypto_cli.command("status")
def status_command():
    """Count stored values per data key, name the keys no value uses, and values under unknown keys."""
    keyring = get_keyring()
    usage = rotation.key_usage(rotation.encrypted_tables())
    total = sum(usage.values(), Counter())
    for column, counts in usage.items():
        click.echo(f"{column}: {_counts(counts)}")
    click.echo(f"total: {_counts(total)}")
    click.echo(f"Newest data key (encrypts new values): {keyring.newest_id}")
    unused = [key_id for key_id in keyring.data_key_ids[:-1] if not total[key_id]]
    click.echo(f"Unused older data keys (safe to retire): {', '.join(unused) or 'none'}")
    unknown = {key_id: n for key_id, n in total.items() if key_id not in keyring.data_key_ids}
    if unknown:
        click.echo(f"Values under keys NOT in the keyring (add them back): {_counts(unknown)}")
    else:
        click.echo("Every stored value uses a key in the keyring.")


def _counts(counts):
    """``key=count`` pairs, or ``no values``."""
    return ", ".join(f"{key_id}={n}" for key_id, n in sorted(counts.items())) or "no values"
