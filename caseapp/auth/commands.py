"""``caseapp users ...`` commands."""

import click
from flask.cli import AppGroup

from caseapp.auth import services
from caseapp.auth.models import Role
from caseapp.auth.passwords import password_problems
from caseapp.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create-sysadmin")
@click.option("--email", required=True, help="Sign-in email of the system administrator.")
@click.option("--name", "display_name", required=True, help="Display name.")
@click.password_option(help="Password (prompted for when not given).")
def create_sysadmin(email, display_name, password):
    """Create the installation's system administrator (belongs to no organisation)."""
    problems = password_problems(password)
    if problems:
        raise click.ClickException(" ".join(str(problem) for problem in problems))
    try:
        user = services.create_user(
            email=email, display_name=display_name, role=Role.SYSADMIN, password=password
        )
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"System administrator created: id {user.id}")
