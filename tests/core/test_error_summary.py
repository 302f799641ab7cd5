"""The error summary on top of every form: a link to each field in trouble, and the message beside the field."""

import re

from tests.conftest import post_form

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def empty_login(client):
    """The sign-in page sent back after submitting it empty."""
    client.environ_base.update(ENGLISH)
    return post_form(client, "/login", {"email": "", "password": ""}).get_data(as_text=True)


def test_summary_is_announced_and_links_to_each_field(client):
    """The summary is an alert that takes focus and links to both empty fields, named by their labels."""
    page = empty_login(client)
    summary = re.search(r'<div class="alert alert-error error-summary[^"]*" role="alert" tabindex="-1" autofocus>'
                        r'.*?</div>\s*</div>', page, re.S).group(0)
    assert "Please correct the marked fields." in summary and "Nothing was saved" not in summary
    assert re.search(r'<a href="#email">Email: [^<]+</a>', summary)
    assert re.search(r'<a href="#password">Password: [^<]+</a>', summary)


def test_each_field_has_its_message_beside_it(client):
    """Each field says what is wrong next to it, and its input points to that message."""
    page = empty_login(client)
    assert re.search(r'<p class="form-error-message error" id="email-error">', page)
    assert re.search(r'<input[^>]*aria-describedby="email-error"[^>]*aria-invalid="true"[^>]*id="email"', page)


def test_form_without_errors_has_no_summary(client):
    """A fresh form shows no summary."""
    client.environ_base.update(ENGLISH)
    assert "error-summary" not in client.get("/login").get_data(as_text=True)
