"""Forms for managing an organisation's users."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from caseapp.auth.forms import LANGUAGE_CHOICES
from caseapp.auth.models import ORGANISATION_ROLES, Role
from caseapp.core.forms import CreatingForm, Form, choices, confirmation


class NewUserForm(CreatingForm):
    """A new user of the admin's organisation."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=choices(Role.choices(ORGANISATION_ROLES)))
    locale = SelectField(_l("Language"), choices=choices(LANGUAGE_CHOICES))
    submit = SubmitField(_l("Create user"))


class VersionedActionForm(Form):
    """A one-button action on a record, carrying the version it was shown at."""

    version = HiddenField(validators=[DataRequired()])
    submit = SubmitField()


class ConfirmedActionForm(VersionedActionForm):
    """A one-button action that cannot simply be undone: the admin ticks "I understand" first."""

    confirm = confirmation(_l("I understand what this does to the user."), _l("Tick the box to confirm."))
