"""Shelter forms."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from caseapp.core.forms import CreatingForm


class ShelterForm(CreatingForm):
    """A new shelter."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    capacity = IntegerField(
        _l("Beds"), validators=[InputRequired(), NumberRange(min=0, max=1000)]
    )
    submit = SubmitField(_l("Add shelter"))
