"""Forms for the system administrator."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from caseapp.auth.forms import LANGUAGE_CHOICES
from caseapp.core.forms import CreatingForm, choices
from caseapp.orgs.models import OrganisationKind


class OrganisationForm(CreatingForm):
    """A new organisation."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(OrganisationKind.choices()))
    case_prefix = StringField(_l("Case reference prefix (2-8 letters, e.g. NOR)"),
                              validators=[Optional(), Length(min=2, max=8)])
    submit = SubmitField(_l("Create organisation"))


class OrganisationAdminForm(CreatingForm):
    """The first admin of an organisation."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=choices(LANGUAGE_CHOICES))
    submit = SubmitField(_l("Create organisation admin"))
