"""Person forms; country and language names come from Babel in the user's language."""

from datetime import date

import phonenumbers
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, SelectField,
                     SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from caseapp.core.forms import CreatingForm, Form, TextLimit, choices, past_date, prompted
from caseapp.crypto.blind_index import DEFAULT_PHONE_REGION
from caseapp.persons.models import Gender
from caseapp.persons.services import PersonData

NAME_MAX = 200
TEXT_MAX = 5000


def _phone_lines(_form, field):
    for line in _lines(field.data):
        try:
            valid = phonenumbers.is_possible_number(phonenumbers.parse(line, DEFAULT_PHONE_REGION))
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            raise ValidationError(_l("This is not a phone number: use digits, with +country code for foreign numbers."))


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# The citizenships and languages Danish NGOs meet most often come first; the rest follow by name.
COMMON_COUNTRIES = ("DK", "RO", "BG", "NG", "TH", "UA", "PL", "LT", "HU", "VN", "CN", "PH", "UG", "GH", "ER", "SY")
COMMON_LANGUAGES = ("da", "en", "ro", "bg", "uk", "ru", "th", "pl", "lt", "hu", "vi", "zh", "es", "fr", "ar")


def _common_first(names, common, common_label, rest_label):
    """Select choices: the common codes in one group, every other code by name in a second."""
    first = [SelectChoice(code, names[code], optgroup=str(common_label)) for code in common if code in names]
    rest = sorted((name, code) for code, name in names.items() if code not in common)
    return [*first, *(SelectChoice(code, name, optgroup=str(rest_label)) for name, code in rest)]


def country_choices():
    """ISO 3166 alpha-2 countries named in the current language: the common ones first, then by name."""
    territories = get_locale().territories
    names = {code: name for code, name in territories.items() if len(code) == 2 and code.isalpha()}
    return _common_first(names, COMMON_COUNTRIES, _l("Common"), _l("All other countries"))


def language_choices():
    """ISO 639-1 languages named in the current language: the common ones first, then by name."""
    names = {code: name for code, name in get_locale().languages.items() if len(code) == 2}
    return _common_first(names, COMMON_LANGUAGES, _l("Common"), _l("All other languages"))


class PersonForm(CreatingForm):
    """Create or edit a person. Only coarse fields are plaintext in the database."""

    given_names = StringField(_l("Given names"), validators=[Optional(), Length(max=NAME_MAX)])
    family_name = StringField(_l("Family name"), validators=[Optional(), Length(max=NAME_MAX)])
    aliases = TextAreaField(_l("Aliases (one per line)"), validators=[Optional(), TextLimit(TEXT_MAX)])
    date_of_birth = DateField(_l("Date of birth"), validators=[
        Optional(), past_date(_l("The date of birth must lie between 1900 and today."))])
    birth_year = IntegerField(_l("Birth year (if the date is unknown)"),
                              validators=[Optional(), NumberRange(min=1900, max=date.today().year)])
    gender = SelectField(_l("Gender"), choices=prompted(Gender.choices()), validators=[InputRequired(
        message=_l("Choose the gender, or \"Not specified / unknown\" when you do not know it."))])
    citizenship = SelectMultipleField(_l("Citizenship"), validators=[Optional()])
    languages = SelectMultipleField(_l("Languages"), validators=[Optional()])
    phones = TextAreaField(_l("Phone numbers (one per line)"),
                           validators=[Optional(), TextLimit(TEXT_MAX), _phone_lines])
    identity_document = StringField(_l("Identity document number"), validators=[Optional(), Length(max=NAME_MAX)])
    address = TextAreaField(_l("Address"), validators=[Optional(), TextLimit(TEXT_MAX)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), TextLimit(TEXT_MAX)])
    confirm_duplicate = BooleanField(_l("I have checked the possible duplicates; save as a new person"))
    version = HiddenField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.citizenship.choices = country_choices()
        self.languages.choices = language_choices()

    def validate_birth_year(self, field):
        """A birth year given with a date of birth must agree with it."""
        if field.data and self.date_of_birth.data and self.date_of_birth.data.year != field.data:
            raise ValidationError(_l("The birth year does not match the date of birth."))

    def validate(self, extra_validators=None):
        """Field checks, plus: a person needs a name or an alias to be found again."""
        valid = super().validate(extra_validators)
        named = any((f.data or "").strip() for f in (self.given_names, self.family_name))
        if not named and not _lines(self.aliases.data):
            self.given_names.errors = [*self.given_names.errors, _l("Give a name or at least one alias.")]
            return False
        return valid

    def to_data(self):
        """The submitted fields as PersonData."""
        return PersonData(
            given_names=self.given_names.data, family_name=self.family_name.data,
            aliases=_lines(self.aliases.data), date_of_birth=self.date_of_birth.data,
            birth_year=self.birth_year.data, gender=self.gender.data,
            citizenship=self.citizenship.data or [], languages=self.languages.data or [],
            phones=_lines(self.phones.data), identity_document=self.identity_document.data,
            address=self.address.data, notes=self.notes.data,
        )

    def fill_from(self, data, version):
        """Fill the form from a person's current PersonData."""
        for name in ("given_names", "family_name", "date_of_birth", "birth_year", "identity_document",
                     "address", "notes", "citizenship", "languages"):
            getattr(self, name).data = getattr(data, name)
        self.gender.data = data.gender.value if data.gender else None
        self.aliases.data = "\n".join(data.aliases)
        self.phones.data = "\n".join(data.phones)
        self.version.data = str(version)


class SearchForm(Form):
    """Search by name, alias, phone number or date of birth (sent by POST: no personal data in URLs)."""

    query = StringField(_l("Name, alias, phone number or date of birth"),
                        validators=[InputRequired(), Length(max=NAME_MAX)])
    submit = SubmitField(_l("Search"))
