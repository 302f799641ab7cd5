"""``caseapp crypto``: key management commands."""

import json

import click
from flask.cli import AppGroup

from caseapp.crypto.keys import new_key_entry, new_keyring_document

crypto_cli = AppGroup("crypto", help="Field encryption keys.")


@crypto_cli.command("new-key")
@click.option("--data-only", is_flag=True, help="Print only a data key entry, to append to an existing key list.")
def new_key_command(data_only):
    """Print a new random key document (or one data key entry) in the DATA_KEYS format."""
    document = new_key_entry("d") if data_only else new_keyring_document()
    click.echo(json.dumps(document, indent=2))
