"""Messages after an action: what happened, then what the user can do next."""

from flask import flash


def flash_done(happened, next_step=None):
    """Flash ``happened`` as a success, followed by ``next_step`` when the work has an obvious next step."""
    flash(happened if next_step is None else f"{happened} {next_step}", "success")
