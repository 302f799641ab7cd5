"""Reflection-period forms: the decision that starts a period, and an extension."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from caseapp.core.forms import Form, TextLimit, choices
from caseapp.reflection.models import Authority

REASON_MAX = 1000


class _DecisionForm(Form):
    version = HiddenField(validators=[DataRequired()])
    decided_on = DateField(_l("Date of decision"), validators=[InputRequired()])
    decided_by = SelectField(_l("Decided by"), choices=choices(Authority.choices()))
    override = BooleanField(_l("The deadline is longer than the maximum period"))
    override_reason = TextAreaField(_l("Why the deadline is beyond the maximum"), validators=[TextLimit(REASON_MAX)])

    def validate_override_reason(self, field):
        """An override needs a reason."""
        if self.override.data and not (field.data or "").strip():
            raise ValidationError(_l("Say why the deadline is beyond the maximum."))

    def override_text(self):
        """The override reason when the override is ticked, else None."""
        return self.override_reason.data if self.override.data else None


class StartForm(_DecisionForm):
    """The decision that grants a reflection period."""

    deadline = DateField(_l("Deadline (empty: the usual length)"), validators=[Optional()])
    submit = SubmitField(_l("Record the decision"))


class ExtendForm(_DecisionForm):
    """An extension of the period."""

    deadline = DateField(_l("New deadline"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason for the extension"), validators=[DataRequired(), TextLimit(REASON_MAX)])
    submit = SubmitField(_l("Record the extension"))
