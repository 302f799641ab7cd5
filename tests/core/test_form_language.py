"""Form messages: WTForms' own messages in Danish, and "nothing was saved" only where a form saves."""

from caseapp.auth.models import Role
from tests.conftest import login, post_form

PERSON = {"given_names": "Ioana", "family_name": "", "aliases": "", "date_of_birth": "", "birth_year": "",
          "gender": "Feminine", "phones": "", "identity_document": "", "address": "", "notes": ""}


def test_danish_user_sees_wtforms_messages_in_danish(client, org_a, make_user):
    """A bad date and an impossible birth year are refused in Danish, with no English left."""
    login(client, make_user(org_a, Role.OUTREACH, locale="da").email)
    page = post_form(client, "/persons/new", {**PERSON, "date_of_birth": "31-31-2000",
                                              "birth_year": "1200"}).get_data(as_text=True)
    assert "Det er ikke en gyldig dato." in page
    assert "Tallet skal være mellem 1900 og" in page
    assert "Not a valid date value." not in page and "Number must be between" not in page


def test_danish_required_field_message(client, org_a, make_user):
    """An empty required field says so in Danish."""
    login(client, make_user(org_a, Role.OUTREACH, locale="da").email)
    page = post_form(client, "/persons/", {"query": ""}).get_data(as_text=True)
    assert "Feltet skal udfyldes." in page
    assert "This field is required." not in page


def test_english_user_keeps_wtforms_messages_in_english(client, org_a, make_user):
    """English users see WTForms' original English."""
    login(client, make_user(org_a, Role.OUTREACH, locale="en").email)
    page = post_form(client, "/persons/new", {**PERSON, "date_of_birth": "31-31-2000"}).get_data(as_text=True)
    assert "Not a valid date value." in page


def test_failed_sign_in_does_not_say_nothing_was_saved(client):
    """A sign-in form with errors asks for corrections without the meaningless "Intet blev gemt"."""
    page = post_form(client, "/login", {"email": "", "password": ""},
                     headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "Ret venligst de markerede felter." in page
    assert "Intet blev gemt" not in page


def test_empty_search_does_not_say_nothing_was_saved(client, org_a, make_user):
    """A search with errors saves nothing and does not claim it."""
    login(client, make_user(org_a, Role.OUTREACH, locale="da").email)
    page = post_form(client, "/persons/", {"query": ""}).get_data(as_text=True)
    assert "Intet blev gemt" not in page


def test_a_saving_form_still_says_nothing_was_saved(client, org_a, make_user):
    """A form that saves still tells the user that its errors stopped the save."""
    login(client, make_user(org_a, Role.OUTREACH, locale="da").email)
    page = post_form(client, "/persons/new", {**PERSON, "birth_year": "1200"}).get_data(as_text=True)
    assert "Intet blev gemt" in page
