"""No user-facing text in a template escapes Babel: every word a person reads goes through _()."""

import re
from html.parser import HTMLParser

from caseapp import ROOT

TEMPLATES = ROOT / "caseapp" / "templates"
# Jinja comments, expressions and statements: what is left is the markup and its literal text.
JINJA = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
# Attributes a person reads or hears (a submit button's value is its label).
READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "aria-description"}
# The app's name is a name, the same in every language.
NAMES = {"caseapp"}
WORD = re.compile(r"[^\W\d_]{2,}")


class TextFinder(HTMLParser):
    """Collects the literal text and read attributes of one template's markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_data(self, data):
        """Text between tags."""
        self.found.append(data)

    def handle_starttag(self, tag, attrs):
        """Attributes read aloud or shown, and the label of a submit button."""
        attributes = dict(attrs)
        self.found += [value or "" for name, value in attrs if name in READ_ATTRIBUTES]
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.found.append(attributes.get("value") or "")


def untranslated(source):
    """The literal words of a template's source that a person would read untranslated."""
    finder = TextFinder()
    finder.feed(JINJA.sub(" ", source))
    return [word for text in finder.found for word in WORD.findall(text) if word not in NAMES]


def test_finder_catches_text_outside_babel():
    """The check itself sees literal text, a literal label and literal attribute text, and passes _()."""
    source = ('<h1>Cases</h1><p>{{ _("Saved") }}</p><input type="submit" value="Send">'
              '<nav aria-label="Main">{# a comment #}</nav><p>{{ count }} · 3</p>')
    assert untranslated(source) == ["Cases", "Send", "Main"]


def test_no_template_has_text_outside_babel():
    """Every template's visible text and read attributes come from _() (or are names, numbers, punctuation)."""
    offenders = {str(path.relative_to(TEMPLATES)): words for path in sorted(TEMPLATES.rglob("*.html"))
                 if (words := untranslated(path.read_text()))}
    assert not offenders, f"text outside _(): {offenders}"
