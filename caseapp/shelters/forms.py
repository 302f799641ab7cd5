"""Shelter forms: the shelter itself, its staff, and placements."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms import TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from caseapp.core.forms import CreatingForm, Form, MultiCheckboxField, TextLimit, choices
from caseapp.shelters.models import EndReason

REASON_MAX = 1000


class ShelterForm(CreatingForm):
    """A shelter: name, beds, secret address and whether it takes people."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    capacity = IntegerField(_l("Beds"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    address = TextAreaField(_l("Address (secret: shown only on this shelter's page)"),
                            validators=[Optional(), Length(max=500)])
    active = BooleanField(_l("Takes people"), default=True)
    submit = SubmitField(_l("Save shelter"))


class StaffForm(Form):
    """Which shelter staff work in a shelter."""

    staff = MultiCheckboxField(_l("Shelter staff"), validators=[Optional()])
    submit = SubmitField(_l("Save staff"))

    def set_users(self, users):
        """Offer the organisation's shelter staff."""
        self.staff.choices = choices((str(user.id), user.display_name) for user in users)


class PlacementForm(Form):
    """Place a case in a shelter."""

    shelter = SelectField(_l("Shelter"), validators=[InputRequired()])
    starts_on = DateField(_l("From"), validators=[InputRequired()])
    ends_on = DateField(_l("Until (leave empty while the stay goes on)"), validators=[Optional()])
    override = BooleanField(_l("Place even though the shelter is full"))
    override_reason = TextAreaField(_l("Why the shelter takes one more person"),
                                    validators=[TextLimit(REASON_MAX)])
    submit = SubmitField(_l("Place"))

    def set_shelters(self, shelters, free):
        """Offer ``shelters``, each with its free beds today."""
        self.shelter.choices = choices(
            (str(s.id), _l("%(name)s (%(free)d free)", name=s.name, free=free[s.id])) for s in shelters)

    def validate_override_reason(self, field):
        """An override needs a reason."""
        if self.override.data and not (field.data or "").strip():
            raise ValidationError(_l("Say why the shelter takes one more person."))


class EndPlacementForm(Form):
    """End a placement."""

    version = HiddenField(validators=[DataRequired()])
    ends_on = DateField(_l("Left on"), validators=[InputRequired()])
    reason = SelectField(_l("Why the stay ended"), choices=choices(EndReason.choices()))
    submit = SubmitField(_l("End placement"))
