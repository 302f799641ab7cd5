"""Behind a proxy: X-Forwarded-For is believed only from the configured number of proxies."""

import pytest

from caseapp import create_app
from tests.conftest import IsolatedClient, csrf_token


def _attempts(app, forwarded_for):
    """Status of one sign-in POST from each forwarded address, all arriving from the proxy at 10.9.9.9."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    token = csrf_token(client)
    return [client.post("/login", data={"email": f"u{n}@example.org", "password": "wrong-password-1",
                                        "csrf_token": token},
                        headers={"X-Forwarded-For": address}).status_code
            for n, address in enumerate(forwarded_for)]


@pytest.fixture
def proxied_app(database_url):
    """An app behind one trusted proxy, allowing two sign-in POSTs per client address a minute."""
    application = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": database_url, "TRUSTED_PROXIES": 1,
                                                   "RATELIMIT_SIGN_IN": "2 per minute"})
    application.test_client_class = IsolatedClient
    return application


def test_behind_a_trusted_proxy_each_real_client_has_its_own_count(proxied_app):
    """Three clients behind one proxy each get their two tries; the third try of one client gets 429."""
    assert _attempts(proxied_app, ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.1"]) == [200] * 4
    assert _attempts(proxied_app, ["203.0.113.1"]) == [429]


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(app, monkeypatch):
    """With CASEAPP_TRUSTED_PROXIES=0 (default) X-Forwarded-For is ignored: new addresses in it do not help."""
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN", "2 per minute")
    assert _attempts(app, ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) == [200, 200, 429]
