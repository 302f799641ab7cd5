"""Demo data for trying caseapp locally (never in production)."""


def init_app(app):
    """Register the ``caseapp demo`` command."""
    from caseapp.demo.commands import demo_command

    app.cli.add_command(demo_command)
