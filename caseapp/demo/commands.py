"""``caseapp demo``: create demo data and print the demo accounts."""

import sys

import click
from flask import current_app

from caseapp.core.database import refresh_statistics
from caseapp.demo import services
from caseapp.extensions import db

# Persons a brand-new demo installation starts with, so the persons pages are not empty.
FIRST_RUN_PERSONS = 40
DEFAULT_SEED = 1


@click.group("demo", invoke_without_command=True)
@click.option("--persons", "persons", type=click.IntRange(0, 1_000_000), default=None,
              help=f"Add this many fake persons to the demo NGOs (default: {FIRST_RUN_PERSONS} on first creation only).")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="Random seed of the fake persons: the same seed gives the same persons.")
@click.pass_context
def demo_command(ctx, persons, seed):
    """Create demo organisations, a shelter and one account per role, then list the accounts."""
    _refuse_production()
    if ctx.invoked_subcommand:
        return
    if not services.demo_data_present():
        if not services.database_is_empty():
            raise click.ClickException("The database holds other data; demo data is only added to an empty one.")
        services.create_demo_data()
        persons = FIRST_RUN_PERSONS if persons is None else persons
        db.session.commit()
        click.echo("Demo data created.")
    if persons:
        with click.progressbar(length=persons, label="Adding demo persons", file=sys.stderr) as bar:
            services.add_demo_persons(persons, seed, bar.update)
        refresh_statistics()
        click.echo(f"{persons} demo persons added (seed {seed}).")
    click.echo("Demo accounts (development only):")
    for account in services.DEMO_ACCOUNTS:
        where = account.organisation or "installation"
        click.echo(f"  {account.role.value:<14} {account.email:<34} {account.password:<24} {where}")
    click.echo("Each demo account has two-factor sign-in set up; `caseapp demo totp EMAIL` prints its current code.")


@demo_command.command("totp")
@click.argument("email")
def totp_command(email):
    """Print the current two-factor code of a demo account."""
    code = services.current_demo_code(email)
    if code is None:
        raise click.ClickException("No demo account with two-factor sign-in has this email.")
    click.echo(code)


def _refuse_production():
    if current_app.config["NAME"] == "production":
        raise click.ClickException("Demo data is never created under the production configuration.")
