"""``caseapp demo``: create demo data and print the demo accounts."""

import click
from flask import current_app

from caseapp.demo import services
from caseapp.extensions import db


@click.command("demo")
def demo_command():
    """Create demo organisations, a shelter and one account per role, then list the accounts."""
    if current_app.config["NAME"] == "production":
        raise click.ClickException("Demo data is never created under the production configuration.")
    if not services.demo_data_present():
        if not services.database_is_empty():
            raise click.ClickException("The database holds other data; demo data is only added to an empty one.")
        services.create_demo_data()
        db.session.commit()
        click.echo("Demo data created.")
    click.echo("Demo accounts (development only):")
    for account in services.DEMO_ACCOUNTS:
        where = account.organisation or "installation"
        click.echo(f"  {account.role.value:<14} {account.email:<34} {account.password:<24} {where}")
