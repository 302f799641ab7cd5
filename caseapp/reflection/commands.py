"""``caseapp reminders send``: email the case workers what is due (run daily from cron or a timer).

Reflection deadlines are this feature's; other features add theirs through
``core.registry``'s ``add_reminder_source`` and are sent in the same run.
"""

import smtplib

import click
from flask import current_app
from flask.cli import AppGroup

from caseapp.core.clock import local_today
from caseapp.core.registry import registry
from caseapp.reflection.lock import LockHeld, run_lock

reminders_cli = AppGroup("reminders", help="Reminders of reflection deadlines and other due work.")


@reminders_cli.command("send")
def send():
    """Send today's due reminders; print counts only."""
    try:
        with run_lock():
            results = {name: source(local_today(), current_app.config)
                       for name, source in registry().reminder_sources.items()}
    except LockHeld:
        click.echo("reminders: another run is in progress; nothing sent")
        raise SystemExit(1) from None
    except (OSError, smtplib.SMTPException) as error:
        # Nothing was recorded yet: the connection is opened before the first reminder.
        click.echo(f"reminders: the mail server could not be reached ({type(error).__name__}); nothing sent")
        raise SystemExit(2) from None
    for name, counts in results.items():
        _report(name, counts)
    if any(counts.failed for counts in results.values()):
        raise SystemExit(2)


def _report(name, counts):
    click.echo(f"reminders: due {counts.due}, sent {counts.sent}, already sent {counts.already_sent}, "
               f"failed {counts.failed}, no recipient {counts.no_recipient}, "
               f"recorded earlier but never confirmed {counts.unconfirmed} ({name})")
    if counts.errors:
        click.echo(f"errors ({name}): " + ", ".join(sorted(set(counts.errors))))
