"""Contact forms: few required fields, checklists as big tappable rows, times in Copenhagen time."""

from datetime import UTC, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from wtforms import (BooleanField, DateTimeLocalField, RadioField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from caseapp.contacts.models import Indicator, PlaceType, Service
from caseapp.contacts.municipalities import MUNICIPALITIES
from caseapp.contacts.services import ContactData
from caseapp.core.forms import EARLIEST_DATE, CreatingForm, MultiCheckboxField, TextLimit, choices
from caseapp.core.models import utcnow
from caseapp.persons.forms import NAME_MAX, language_choices
from caseapp.persons.services import PersonData

NOTE_MAX = 5000
# A phone's clock may run a little ahead of the server's.
FUTURE_TOLERANCE = timedelta(minutes=5)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def local_now():
    """The current minute in the user's time zone (Europe/Copenhagen), without tzinfo, for the form."""
    return to_user_timezone(utcnow()).replace(tzinfo=None, second=0, microsecond=0)


class ContactForm(CreatingForm):
    """Log one outreach contact; only the time and the place are required."""

    occurred_at = DateTimeLocalField(
        _l("Date and time"), format=DATETIME_FORMATS, default=local_now,
        validators=[InputRequired(message=_l("Give the date and time of the contact."))])
    place_type = RadioField(
        _l("Place"), choices=choices(PlaceType.choices()),
        validators=[InputRequired(message=_l("Choose where the contact took place."))])
    municipality = SelectField(_l("Municipality"), validators=[Optional()],
                               choices=choices([("", _l("Not given"))] + [(m, m) for m in MUNICIPALITIES]))
    language = SelectField(_l("Language spoken"), validators=[Optional()])
    interpreter_used = BooleanField(_l("An interpreter was used"))
    indicators = MultiCheckboxField(_l("Signs of trafficking observed"), validators=[Optional()],
                                    choices=choices(Indicator.choices()))
    services = MultiCheckboxField(_l("Services offered"), validators=[Optional()],
                                  choices=choices(Service.choices()))
    note = TextAreaField(_l("Note"), validators=[
        Optional(), TextLimit(NOTE_MAX)])
    submit = SubmitField(_l("Save contact"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = choices([("", _l("Not known"))]) + language_choices()

    def validate_occurred_at(self, field):
        """A contact cannot lie more than a few minutes in the future, nor before 1900."""
        if field.data and field.data.date() < EARLIEST_DATE:
            # Also keeps year 1 away from the time-zone conversion, which cannot go before it.
            raise ValidationError(_l("Give a date between 1900 and today."))
        if field.data and to_utc(field.data) > utcnow().replace(tzinfo=None) + FUTURE_TOLERANCE:
            raise ValidationError(_l("The date and time cannot be in the future."))

    def to_data(self):
        """The submitted fields as ContactData, the time converted to UTC."""
        return ContactData(
            occurred_at=to_utc(self.occurred_at.data).replace(tzinfo=UTC),
            place_type=self.place_type.data, municipality=self.municipality.data or None,
            language=self.language.data or None, interpreter_used=self.interpreter_used.data,
            indicators=self.indicators.data or [], services=self.services.data or [],
            note=self.note.data,
        )


class AnonymousContactForm(ContactForm):
    """A contact logged without a known person; naming someone here creates a new person."""

    alias = StringField(_l("Alias"), validators=[Optional(), Length(max=NAME_MAX)])
    given_names = StringField(_l("Given name"), validators=[Optional(), Length(max=NAME_MAX)])
    family_name = StringField(_l("Family name"), validators=[Optional(), Length(max=NAME_MAX)])
    confirm_duplicate = BooleanField(_l("I have checked the possible duplicates; save as a new person"))

    def new_person(self):
        """PersonData for the person to create, or None when nobody is named."""
        alias, given, family = (((f.data or "").strip()) for f in (self.alias, self.given_names, self.family_name))
        if not (alias or given or family):
            return None
        return PersonData(given_names=given or None, family_name=family or None, aliases=[alias] if alias else [],
                          languages=[self.language.data] if self.language.data else [])
