"""JSON logs: request id, user id and organisation id on every line; no query string, no exception message."""

import io
import json
from contextlib import contextmanager

import pytest

from caseapp import create_app
from caseapp.core.logs import make_handler
from tests.conftest import IsolatedClient, login

CANARY = "Canarina Testesen"


@contextmanager
def json_log(app):
    """Collect the JSON lines the app's logger writes inside the block."""
    buffer = io.StringIO()
    handler = make_handler("json")
    handler.setStream(buffer)
    app.logger.addHandler(handler)
    lines = []
    try:
        yield lines
    finally:
        app.logger.removeHandler(handler)
        lines.extend(json.loads(line) for line in buffer.getvalue().splitlines())


def test_a_request_line_carries_its_id_and_no_query_string(app, client):
    """The request's line has the id sent back in X-Request-Id, the path, and none of the query string."""
    with json_log(app) as lines:
        response = client.get(f"/login?email={CANARY}")
    line = next(line for line in lines if line["name"] == "caseapp.request")
    assert line["request_id"] == response.headers["X-Request-Id"]
    assert (line["path"], line["status"], line["level"]) == ("/login", 200, "INFO")
    assert CANARY not in json.dumps(lines) and "email=" not in json.dumps(lines)


def test_a_signed_in_request_line_names_the_user_and_organisation_by_id(app, client, org_a, make_user):
    """After sign-in each line carries the user's id and organisation id, never the name or email."""
    user = make_user(org_a, display_name=CANARY)
    login(client, user.email)
    with json_log(app) as lines:
        client.get("/home")
    line = next(line for line in lines if line["name"] == "caseapp.request")
    assert (line["user_id"], line["organisation_id"]) == (str(user.id), str(org_a.id))
    assert CANARY not in json.dumps(lines) and user.email not in json.dumps(lines)


@pytest.fixture
def failing_app(database_url):
    """An app with a route that fails with personal data in its exception message."""
    application = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": database_url,
                                                   "PROPAGATE_EXCEPTIONS": False})
    application.test_client_class = IsolatedClient

    @application.get("/fail")
    def fail():
        raise ValueError(f"cannot parse {CANARY}")

    return application


def test_an_unexpected_error_is_logged_with_its_request_id_and_without_its_message(failing_app):
    """The error line has the request id the response names, the exception type and frames, not the message."""
    with json_log(failing_app) as lines:
        response = failing_app.test_client().get("/fail?name=" + CANARY)
    assert response.status_code == 500
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["request_id"] == response.headers["X-Request-Id"]
    assert "builtins.ValueError" in error["exc_info"] and "in fail" in error["exc_info"]
    assert CANARY not in json.dumps(lines) and "name=" not in json.dumps(lines)
