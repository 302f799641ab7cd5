"""Sending email with the standard library; host, port, sender, TLS and sign-in come from the configuration."""

import smtplib
import ssl
from contextlib import contextmanager
from email.message import EmailMessage


def message(*, sender, to, subject, body):
    """A plain-text email."""
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sender, to, subject
    email.set_content(body)
    return email


@contextmanager
def smtp_connection(config):
    """An SMTP connection as configured (``SMTP_TLS``: starttls, ssl or none), signed in when a user is set."""
    host, port, timeout = config["SMTP_HOST"], int(config["SMTP_PORT"]), int(config["SMTP_TIMEOUT"])
    tls = str(config["SMTP_TLS"]).lower()
    if tls == "ssl":
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if tls == "starttls":
            connection.starttls(context=ssl.create_default_context())
        if config["SMTP_USERNAME"]:
            connection.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        yield connection
    finally:
        try:
            connection.quit()
        except smtplib.SMTPException:
            connection.close()
