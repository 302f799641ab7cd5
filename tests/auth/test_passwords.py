"""The password policy and Argon2id hashing."""

from caseapp.auth.passwords import hash_password, password_problems, verify_password
from tests.conftest import PASSWORD, login, post_form


def test_passwords_are_hashed_with_argon2id(app):
    """Stored hashes are Argon2id and verify only the right password."""
    stored = hash_password("a-long-enough-passphrase")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "a-long-enough-passphrase")
    assert not verify_password(stored, "a-long-enough-passphrasE")


def test_short_and_common_passwords_are_refused(app):
    """Fewer than 12 characters, or a listed common password, is refused."""
    assert password_problems("short-pass1")
    assert password_problems("Password1234")
    assert password_problems("kodeord12345")
    assert not password_problems("violet-harbour-lantern")


def test_weak_new_password_gets_a_danish_message_and_nothing_changes(client, org_a, make_user):
    """A too-short new password is refused in Danish and the old one still works."""
    user = make_user(org_a, locale="da")
    login(client, user.email)
    page = post_form(client, "/account/password",
                     {"current_password": PASSWORD, "new_password": "kort", "confirm": "kort"})
    assert "Brug mindst 12 tegn." in page.get_data(as_text=True)
    assert "Intet blev gemt" in page.get_data(as_text=True)
    post_form(client, "/logout", {}, token_from="/home")
    assert "<h1>Opsøgende arbejde</h1>" in login(client, user.email).get_data(as_text=True)


def test_changing_password_needs_the_current_one(client, org_a, make_user):
    """Without the right current password the password is not changed."""
    user = make_user(org_a, locale="en")
    login(client, user.email)
    new = "violet-harbour-lantern"
    page = post_form(client, "/account/password", {"current_password": "wrong-wrong-wrong",
                                                    "new_password": new, "confirm": new})
    assert "The current password is not correct." in page.get_data(as_text=True)
    post_form(client, "/logout", {}, token_from="/home")
    assert "<h1>Outreach</h1>" in login(client, user.email).get_data(as_text=True)
