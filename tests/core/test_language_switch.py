"""The header's language switch: one POST that shows the same page in the other language and remembers it."""

from caseapp.auth.models import Role, User
from caseapp.extensions import db
from tests.conftest import csrf_token, post_form


def switch(client, locale, next_path="/login"):
    """Press the header's language button on ``next_path``."""
    return post_form(client, "/language", {"locale": locale, "next": next_path}, token_from=next_path)


def test_header_offers_the_other_language_in_its_own_name(client):
    """A Danish page offers "English"; an English page offers "Dansk"."""
    danish = client.get("/login").get_data(as_text=True)
    assert 'name="locale" value="en" lang="en"' in danish and "English" in danish
    switch(client, "en")
    english = client.get("/login").get_data(as_text=True)
    assert 'name="locale" value="da" lang="da"' in english and "Dansk" in english


def test_anonymous_choice_is_remembered_in_a_cookie(client):
    """After choosing English the login page stays English, whatever the browser asks for."""
    response = switch(client, "en")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "da"
    assert "<h1>Sign in</h1>" in client.get("/login").get_data(as_text=True)


def test_signed_in_choice_is_stored_in_the_users_setting(signed_in):
    """A signed-in user who switches to Danish has Danish as their own setting, on every device."""
    client, user = signed_in(Role.OUTREACH)
    switch(client, "da", "/home")
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "da"
    assert "<h1>Opsøgende arbejde</h1>" in client.get("/home").get_data(as_text=True)


def test_switch_needs_the_csrf_token(client):
    """A forged cross-site switch is refused and changes nothing."""
    csrf_token(client)
    response = client.post("/language", data={"locale": "en", "next": "/login"})
    assert response.status_code == 400
    assert "Log ind" in client.get("/login").get_data(as_text=True)


def test_unknown_language_is_refused(client):
    """Only the installed languages can be chosen."""
    assert switch(client, "xx").status_code == 400


def test_switch_never_redirects_to_another_site(client):
    """A ``next`` pointing off the site goes to the start page instead."""
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post_form(client, "/language", {"locale": "en", "next": target}, token_from="/login")
        assert response.headers["Location"] == "/"
