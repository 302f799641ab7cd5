"""Danish and English: complete catalogs and the right language for each user."""

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from caseapp import ROOT
from tests.conftest import login

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _catalog(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _source_messages():
    """Every translatable string in the code and templates, extracted afresh."""
    method_map, options_map = parse_mapping_cfg(io.StringIO(Path(ROOT / "babel.cfg").read_text()))
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS,
        directory_filter=lambda d: Path(d).name not in {".venv", "instance", "tests", "translations", "node_modules"},
    ):
        messages.add(message[0] if isinstance(message, tuple) else message)
    return messages


def test_danish_catalog_has_no_untranslated_or_fuzzy_entry():
    """Every Danish entry is translated and none is marked fuzzy."""
    catalog = _catalog("da")
    strings = lambda m: m.string if isinstance(m.string, tuple) else (m.string,)  # noqa: E731
    untranslated = [m.id for m in catalog if m.id and not all(strings(m))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"untranslated Danish entries: {untranslated}"
    assert not fuzzy, f"fuzzy Danish entries: {fuzzy}"


def test_every_source_string_is_in_both_catalogs():
    """A user-facing string added to the code must reach the catalogs (run `make messages`)."""
    source = _source_messages()
    for lang in ("da", "en"):
        ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalog(lang) if m.id}
        missing = source - ids
        assert not missing, f"missing from {lang}: {sorted(missing)}"


def test_anonymous_visitor_gets_danish_by_default(client):
    """Without Accept-Language the login page is Danish."""
    assert "Log ind" in client.get("/login").get_data(as_text=True)


def test_accept_language_english_gives_english(client):
    """A browser asking for English gets English."""
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "<h1>Sign in</h1>" in page


def test_user_setting_wins_over_the_browser(client, org_a, make_user):
    """A user who chose Danish gets Danish even from an English browser."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = login(client, make_user(org_a, locale="da").email).get_data(as_text=True)
    assert "<h1>Opsøgende arbejde</h1>" in page
