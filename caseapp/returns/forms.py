"""Forms of prepared returns: return organisations, the referral, steps, the pack, the plan, follow-ups."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from caseapp.core.forms import CreatingForm, Form, MultiCheckboxField, TextLimit, choices, past_date
from caseapp.persons.forms import country_choices
from caseapp.returns.models import Channel, Outcome, PackField, PlanKind, PlanStatus

NOTE_MAX = 2000


class ReturnOrganisationForm(CreatingForm):
    """Add a return organisation."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Add"))


class RenameForm(Form):
    """Rename, deactivate or reactivate a return organisation."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    rename = SubmitField(_l("Rename"))
    toggle = SubmitField(_l("Deactivate or reactivate"))


class ReferForm(CreatingForm):
    """Refer a case to a return organisation."""

    return_organisation = SelectField(_l("Return organisation"), validators=[InputRequired()])
    country = SelectField(_l("Destination country"), validators=[InputRequired()])
    region = StringField(_l("Municipality or region"), validators=[Optional(), Length(max=200)])
    fields = MultiCheckboxField(_l("What the person agreed may be shared with the return organisation"),
                                choices=choices(PackField.choices()), validators=[Optional()])
    submit = SubmitField(_l("Refer"))

    def set_choices(self, organisations):
        """Offer the active return organisations and the countries in the user's language."""
        self.return_organisation.choices = choices((str(o.id), o.name) for o in organisations)
        self.country.choices = country_choices()


class StepForm(Form):
    """Take the return's next step (accepted, travel planned on a day, departed on a day)."""

    version = HiddenField(validators=[DataRequired()])
    on = DateField(_l("Date"), validators=[Optional()])
    submit = SubmitField(_l("Record"))


class CancelForm(Form):
    """Cancel the return, with a reason."""

    version = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason for cancelling"), validators=[DataRequired(), TextLimit(NOTE_MAX)])
    submit = SubmitField(_l("Cancel the return"))


class PackForm(Form):
    """Tick the fields for the referral pack (only those the consent covers are offered)."""

    fields = MultiCheckboxField(_l("Fields in the pack"), validators=[Optional()])
    submit = SubmitField(_l("Download the referral pack (PDF)"))

    def set_fields(self, codes):
        """Offer ``codes`` only."""
        self.fields.choices = choices((code, PackField(code).label) for code in codes)


class PlanItemForm(CreatingForm):
    """Add an item to the reintegration plan."""

    kind = SelectField(_l("Support"), choices=choices(PlanKind.choices()))
    note = TextAreaField(_l("Note"), validators=[TextLimit(NOTE_MAX)])
    submit = SubmitField(_l("Add to the plan"))


class PlanItemEditForm(Form):
    """Change a plan item's status and note."""

    version = HiddenField(validators=[DataRequired()])
    status = SelectField(_l("Status"), choices=choices(PlanStatus.choices()))
    note = TextAreaField(_l("Note"), validators=[TextLimit(NOTE_MAX)])
    submit = SubmitField(_l("Save"))


class FollowUpForm(Form):
    """Record a follow-up contact."""

    version = HiddenField(validators=[DataRequired()])
    done_on = DateField(_l("Date of the contact"), validators=[InputRequired(), past_date()])
    channel = SelectField(_l("Channel"), choices=choices(Channel.choices()))
    outcome = SelectField(_l("Outcome"), choices=choices(Outcome.choices()))
    note = TextAreaField(_l("Note"), validators=[TextLimit(NOTE_MAX)])
    submit = SubmitField(_l("Record the follow-up"))


class CloseForm(Form):
    """Close the case as returned home."""

    version = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Close the case: returned home"))
