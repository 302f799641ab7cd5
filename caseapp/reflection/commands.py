"""``caseapp reminders send``: email the case workers of reflection deadlines (run daily from cron or a timer)."""

import smtplib

import click
from flask import current_app
from flask.cli import AppGroup

from caseapp.core.clock import local_today
from caseapp.reflection.lock import LockHeld, run_lock
from caseapp.reflection.reminders import send_reminders

reminders_cli = AppGroup("reminders", help="Reflection-deadline reminders.")


@reminders_cli.command("send")
def send():
    """Send today's due reminders; print counts only."""
    try:
        with run_lock():
            counts = send_reminders(local_today(), current_app.config)
    except LockHeld:
        click.echo("reminders: another run is in progress; nothing sent")
        raise SystemExit(1) from None
    except (OSError, smtplib.SMTPException) as error:
        # Nothing was recorded yet: the connection is opened before the first reminder.
        click.echo(f"reminders: the mail server could not be reached ({type(error).__name__}); nothing sent")
        raise SystemExit(2) from None
    click.echo(f"reminders: due {counts.due}, sent {counts.sent}, already sent {counts.already_sent}, "
               f"failed {counts.failed}, no recipient {counts.no_recipient}, "
               f"recorded earlier but never confirmed {counts.unconfirmed}")
    if counts.errors:
        click.echo("errors: " + ", ".join(sorted(set(counts.errors))))
    if counts.failed:
        raise SystemExit(2)
