"""A real SMTP server for tests (aiosmtpd) on a free local port, collecting what it receives."""

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Collector:
    """An aiosmtpd handler keeping every message received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 - aiosmtpd's hook name
        """Keep the message; answer 250."""
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port():
    """A TCP port nobody listens on now (aiosmtpd cannot take port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server():
    """Run a collecting SMTP server; yields (collector, settings for the app's SMTP configuration)."""
    collector, port = Collector(), free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector, {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_TLS": "none",
                          "SMTP_SENDER": "caseapp@example.org", "SMTP_USERNAME": "", "SMTP_PASSWORD": ""}
    finally:
        controller.stop()


def text_of(email):
    """Subject and body of a received email, as one string."""
    return email["Subject"] + "\n" + email.get_body(preferencelist=("plain",)).get_content()
