"""The ``caseapp`` console command: Flask's CLI bound to the application factory."""

from flask.cli import FlaskGroup

from caseapp import create_app


def main():
    """Run the ``caseapp`` command line."""
    FlaskGroup(create_app=lambda: create_app(), help="caseapp administration commands.")()
