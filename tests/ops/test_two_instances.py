"""Two gunicorn instances on different ports share one database and one Redis, and nothing else.

A session started on one works on the other, a sign-out on one ends the
session on the other at once, and sign-in throttling counts across both.
"""

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from caseapp.auth.models import Role
from caseapp.auth.services import create_user
from caseapp.crypto.keys import new_keyring_document
from caseapp.extensions import db
from caseapp.orgs.models import OrganisationKind
from caseapp.orgs.services import create_organisation
from tests.conftest import PASSWORD
from tests.databases import committed_app
from tests.services import Gunicorn, require_redis

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SECRET_KEY = "two-instances-" + "s" * 40


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies shared across both instances (cookies ignore ports), redirects not followed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url, data=None):
        """(status, location, body) of one request."""
        body = None if data is None else urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(url, data=body, timeout=10) as response:  # nosec B310 - local test server
                return response.status, response.headers.get("Location"), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location"), error.read().decode()

    def post_form(self, base, path, data, token_from):
        """POST with the CSRF token read from ``token_from`` on the same instance."""
        _, _, page = self.request(base + token_from)
        token = CSRF_RE.search(page).group(1)
        return self.request(base + path, {**data, "csrf_token": token})

    def session_cookie(self):
        """The current value of the session cookie."""
        return next(c.value for c in self.jar if c.name == "caseapp_session")

    def set_session_cookie(self, value):
        """Replace the session cookie, as someone holding an old copy would."""
        cookie = next(c for c in self.jar if c.name == "caseapp_session")
        cookie.value = value


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    """Two running instances on a committed database of their own, and the email of a user there."""
    redis_url = require_redis()
    tmp_path, key_document = tmp_path_factory.mktemp("two-instances"), new_keyring_document()
    with committed_app(tmp_path, key_document) as application:
        yield from _serve_two(application, key_document, redis_url, tmp_path)


def _serve_two(committed_db, key_document, redis_url, tmp_path):
    with committed_db.app_context():
        organisation = create_organisation(name="Two instances", kind=OrganisationKind.NGO)
        email = create_user(email="two@example.org", display_name="Two", role=Role.OUTREACH,
                            password=PASSWORD, organisation=organisation).email
        db.session.commit()
    environment = {
        "CASEAPP_CONFIG": "testing", "CASEAPP_SECRET_KEY": SECRET_KEY,
        "CASEAPP_DATABASE_URL": committed_db.config["SQLALCHEMY_DATABASE_URI"],
        "CASEAPP_DATA_KEYS": json.dumps(key_document), "CASEAPP_RATELIMIT_STORAGE_URI": redis_url,
        "CASEAPP_RATELIMIT_KEY_PREFIX": f"caseapp-test-{uuid.uuid4().hex}",
    }
    servers = [Gunicorn(environment, tmp_path / f"gunicorn-{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers[0].url, servers[1].url, email
    finally:
        for server in servers:
            server.stop()


def test_a_session_started_on_one_instance_works_on_the_other(instances):
    """Signed in through instance A, the user's home page opens on instance B."""
    a, b, email = instances
    browser = Browser()
    status, location, _ = browser.post_form(a, "/login", {"email": email, "password": PASSWORD}, "/login")
    assert (status, urllib.parse.urlsplit(location).path) == (302, "/home")
    status, _, page = browser.request(b + "/home")
    assert status == 200 and "/logout" in page


def test_a_sign_out_on_one_instance_ends_the_session_on_the_other_at_once(instances):
    """After signing out on A, the old session cookie replayed on B is sent to the sign-in page."""
    a, b, email = instances
    browser = Browser()
    browser.post_form(a, "/login", {"email": email, "password": PASSWORD}, "/login")
    signed_in_cookie = browser.session_cookie()
    assert browser.request(b + "/home")[0] == 200
    status, _, _ = browser.post_form(a, "/logout", {}, "/home")
    assert status == 302
    browser.set_session_cookie(signed_in_cookie)
    status, location, _ = browser.request(b + "/home")
    assert status == 302 and urllib.parse.urlsplit(location).path == "/login"


def test_sign_in_throttling_counts_across_instances(instances):
    """Five tries on one account spread over both instances use up its limit: the sixth gets 429 on either."""
    a, b, _ = instances
    browser = Browser()
    target = {"email": "nobody-here@example.org", "password": "wrong-password-123"}
    statuses = [browser.post_form(base, "/login", target, "/login")[0] for base in (a, b, a, b, a)]
    assert statuses == [200] * 5
    assert browser.post_form(b, "/login", target, "/login")[0] == 429
    assert browser.post_form(a, "/login", target, "/login")[0] == 429
