"""Form helpers shared by features, and ``Form``: the base of every caseapp form.

``Form`` adds the checks every form needs whatever its fields' validators
say, so a new form has them without anyone remembering:

- no NUL character in any value (PostgreSQL refuses them in text; the value
  comes back without them and the field says why);
- choice fields hold listed codes only, with surrounding spaces stripped
  and blanks dropped. WTForms' ``Optional`` validator clears the "not a
  valid choice" error of a value made only of spaces, which is how "   "
  reached the database; this check runs after the validators;
- nothing validates while a failed submission is shown again (``replay``).
"""

import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from caseapp.core.clock import local_today
from caseapp.core.i18n import format_number
from caseapp.core.replay import replaying
from caseapp.core.wtforms_i18n import TRANSLATIONS

CHOICE_FIELDS = (SelectField, SelectMultipleField, RadioField)
# The earliest date any form accepts: before it a date is a typing mistake.
EARLIEST_DATE = date(1900, 1, 1)
NUL = "\x00"
NUL_MESSAGE = _l("This field contained an invisible null character, which cannot be saved. "
                 "It has been removed: check the text and send it again.")
CHOICE_MESSAGE = _l("Choose one of the listed options.")
PROMPT = _l("Choose…")
TEXT_LIMIT_MESSAGE = _l("This text has %(length)s characters; at most %(max)s fit. Nothing was cut: "
                        "shorten the text below and save again.")


def choices(pairs):
    """Turn (value, label) pairs into WTForms select choices; enum values become their text."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def prompted(pairs):
    """Select choices that start with an empty "Choose…": nothing is chosen until the user chooses."""
    return [SelectChoice("", PROMPT), *choices(pairs)]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (large touch targets on phones)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TextLimit(Length):
    """At most ``limit`` characters, refused with the length and the limit, the typed text kept whole."""

    def __init__(self, limit, message=TEXT_LIMIT_MESSAGE):
        super().__init__(max=limit, message=message)

    def __call__(self, form, field):
        """Refuse a text over the limit, both numbers written the user's way (5.001 in Danish)."""
        length = len(field.data or "")
        if length > self.max:
            raise ValidationError(self.message % {"length": format_number(length), "max": format_number(self.max)})


def confirmation(label, message=None):
    """The "I understand" checkbox of every irreversible action, shown by ``_confirm.html``.

    With ``message`` it is always required; without, the form decides when (e.g. only when closing).
    """
    return BooleanField(label, validators=[DataRequired(message=message)] if message else [])


def new_submission_token():
    """A random one-time token for one showing of a creating form."""
    return secrets.token_hex(16)


class SubmissionField(HiddenField):
    """The one-time token of a creating form (see ``core.submissions``)."""

    def __init__(self, label=None, **kwargs):
        kwargs.setdefault("default", new_submission_token)
        kwargs.setdefault("validators", [Regexp(r"^[0-9a-f]{32}$", message=_l(
            "The form had expired. Please submit it again."))])
        super().__init__(label, **kwargs)

    def process_formdata(self, valuelist):
        """A submission without a token has none (the fresh default would hide that it was missing)."""
        self.data = valuelist[0] if valuelist else None

    def post_validate(self, form, validation_stopped):
        """A missing or broken token gets a fresh one, so sending the form again works."""
        if self.errors:
            self.data = new_submission_token()


def past_date(message=_l("Give a date between 1900 and today.")):
    """Validator: a date (or date and time) from 1 January 1900 up to today."""

    def check(_form, field):
        value = field.data.date() if hasattr(field.data, "date") else field.data
        if value is not None and not EARLIEST_DATE <= value <= local_today():
            raise ValidationError(message)

    return check


class Form(FlaskForm):
    """The base of every caseapp form (see the module docstring)."""

    class Meta:
        """WTForms' own messages come from caseapp's catalogs (WTForms has no Danish)."""

        def get_translations(self, form):
            """The catalog of the current locale."""
            return TRANSLATIONS

        def render_field(self, field, render_kw):
            """No ``maxlength`` attribute: a browser would cut pasted text silently; the server refuses it aloud."""
            return super().render_field(field, {"maxlength": False, **render_kw})

    def validate(self, extra_validators=None):
        """The fields' own checks, then the checks every form needs."""
        if replaying():
            return False
        valid = super().validate(extra_validators)
        for field in self:
            valid = _without_nul(field) and valid
            if isinstance(field, CHOICE_FIELDS):
                valid = _listed_choice(field) and valid
        return valid


class CreatingForm(Form):
    """A form that creates something: it carries a one-time token so a repeat creates nothing."""

    submission = SubmissionField()


def _without_nul(field):
    """Refuse NUL characters anywhere in the field's submitted values, and take them out of its data."""
    if not any(NUL in value for value in field.raw_data or () if isinstance(value, str)):
        return True
    if isinstance(field.data, str):
        field.data = field.data.replace(NUL, "")
    elif isinstance(field.data, list):
        field.data = [item.replace(NUL, "") if isinstance(item, str) else item for item in field.data]
    field.errors = [*field.errors, NUL_MESSAGE]
    return False


def _listed_choice(field):
    """Strip the field's codes, drop blanks, and refuse any code that is not offered."""
    if not getattr(field, "validate_choice", True) or field.choices is None:
        return True
    listed = {str(choice.value) for choice in field.iter_choices()}
    if isinstance(field, SelectMultipleField):
        field.data = [value.strip() if isinstance(value, str) else value
                      for value in field.data or () if str(value).strip()]
        chosen = field.data
    else:
        field.data = field.data.strip() if isinstance(field.data, str) else field.data
        chosen = [] if field.data in (None, "") else [field.data]
        if not chosen and "" not in listed and not _optional(field):
            return _refuse(field)
    if all(str(value) in listed for value in chosen):
        return True
    return _refuse(field)


def _optional(field):
    return any(isinstance(validator, Optional) for validator in field.validators)


def _refuse(field):
    if not field.errors:
        field.errors = [CHOICE_MESSAGE]
    return False
