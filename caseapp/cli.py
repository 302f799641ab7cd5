"""The ``caseapp`` console command: Flask's CLI bound to the application factory."""

from flask.cli import FlaskGroup

from caseapp import create_app


def main():
    """Run the ``caseapp`` command line."""
    from caseapp.ops.commands import check_deploy_command

    group = FlaskGroup(create_app=lambda: create_app(), help="caseapp administration commands.")
    # Added to the group itself: it runs without building the app, which refuses a bad configuration.
    group.add_command(check_deploy_command)
    group()
