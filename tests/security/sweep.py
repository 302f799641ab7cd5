"""Helpers of the hostile-input sweep: reading forms and links off pages, building raw request bodies."""

import secrets
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote_from_bytes, urlsplit

from tests.conftest import PASSWORD

# The HTML-injection value; finding "<svg data-sweep" in a page means something was echoed unescaped.
HTML_MARKER = "<svg data-sweep"
# Sent only to choice fields: finding it in a plaintext column means an unlisted code was stored.
UNLISTED = "zz-unlisted-code"
LONG = "Lorem ipsum " * 2000
HOSTILE = [
    LONG,
    "a\x00b",
    b"\xff\xfe\xc3(caf\xe9",  # invalid UTF-8 sequences
    "   \t ",
    "\U0001F600 \u202eevil\u202c \u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "0000-00-00",
    "9999-12-31",
    "-1",
    "99999999999999999999999999",
    "\"'><svg data-sweep=1 onload=alert(1)>",
    "' OR '1'='1'; DROP TABLE users; --",
]
STRONG_PASSWORD = "sweep-Strong-passphrase-42"


@dataclass
class Field:
    """One named control of a form: its kind, the values it offers and the value it shows."""

    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, email, password, date, number, ...
    options: list = field(default_factory=list)
    value: list = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    """A form as a browser sees it."""

    method: str
    action: str
    fields: dict = field(default_factory=dict)


class PageParser(HTMLParser):
    """Collect the forms (with formaction buttons as forms of their own) and the links of a page."""

    def __init__(self, page_path):
        super().__init__()
        self.page_path, self.forms, self.links = page_path, [], []
        self._form, self._select, self._textarea = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = Form(attrs.get("method", "get").lower(), attrs.get("action") or self.page_path)
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.value.append(attrs.get("value", ""))
        elif self._form is not None:
            self._control(tag, attrs)

    def _control(self, tag, attrs):
        name = attrs.get("name")
        if tag == "button" and attrs.get("formaction"):
            self.forms.append(Form(self._form.method, attrs["formaction"], self._form.fields))
        if not name or tag == "button":
            return
        kind = {"select": "select", "textarea": "textarea"}.get(tag, attrs.get("type", "text"))
        control = self._form.fields.setdefault(name, Field(name, kind, multiple="multiple" in attrs))
        if tag == "select":
            self._select = control
        elif tag == "textarea":
            self._textarea = control
            control.value.append("")
        elif kind in ("checkbox", "radio"):
            control.options.append(attrs.get("value", "y"))
            control.multiple = control.multiple or len(control.options) > 1
            if "checked" in attrs:
                control.value.append(attrs.get("value", "y"))
        else:
            control.value.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value[-1] += data

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def parse_page(page_path, html):
    """The forms and links of a page."""
    parser = PageParser(page_path)
    parser.feed(html)
    return parser.forms, parser.links


def valid_value(control, number):
    """A value the form would accept for ``control``; the sweep makes one field hostile at a time."""
    if control.name == "submission":
        return [secrets.token_hex(16)]
    if control.kind in ("select", "radio", "checkbox"):
        offered = [option for option in control.options if option]
        chosen = [value for value in control.value if value]
        if control.kind == "checkbox" and not control.multiple:
            return [control.options[0]]  # tick single boxes (confirmations) so the save goes through
        return chosen or offered[:1] or [""]
    # Fields whose valid value a generic guess would miss; an unknown field still gets swept.
    by_name = {"current_password": PASSWORD, "password": PASSWORD, "new_password": STRONG_PASSWORD,
               "confirm": STRONG_PASSWORD, "birth_year": "", "phones": "+45 12 34 56 78"}
    if control.name in by_name:
        return [by_name[control.name]]
    if control.kind == "email":
        return [f"sweep-{number}@example.org"]
    if control.value and control.value[0].strip():
        return [control.value[0]]
    return [{"date": date.today().isoformat(), "datetime-local": "2024-05-14T22:30", "number": "1"}.get(
        control.kind, "Sweep text")]


def encode(pairs):
    """An application/x-www-form-urlencoded body (or query string) from (name, str or bytes) pairs, raw."""
    def part(value):
        raw = value if isinstance(value, bytes) else value.encode("utf-8")
        return quote_from_bytes(raw, safe="")

    return "&".join(f"{part(name)}={part(value)}" for name, value in pairs)


def query_names(links, path):
    """The query parameter names of the links that point at ``path``."""
    names = set()
    for link in links:
        parts = urlsplit(link)
        if parts.path in ("", path) and parts.query:
            names.update(name for name, _value in parse_qsl(parts.query))
    return names
