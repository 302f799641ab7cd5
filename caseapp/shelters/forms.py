"""Shelter forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


class ShelterForm(FlaskForm):
    """A new shelter."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    capacity = IntegerField(
        _l("Beds"), validators=[InputRequired(), NumberRange(min=0, max=1000)]
    )
    submit = SubmitField(_l("Add shelter"))
