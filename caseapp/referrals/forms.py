"""Referral forms: the request, and the receiver's answer."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from caseapp.core.forms import Form, MultiCheckboxField, TextLimit, choices
from caseapp.referrals.models import SharedField


class ReferralForm(Form):
    """Refer a case to another organisation's shelter service."""

    to_organisation = SelectField(_l("Shelter operator"), validators=[InputRequired()])
    fields = MultiCheckboxField(_l("Fields to share (untick what they need not know)"),
                                choices=choices(SharedField.choices()), validators=[Optional()])
    submit = SubmitField(_l("Send referral"))

    def set_organisations(self, organisations):
        """Offer the other organisations that run shelters."""
        self.to_organisation.choices = choices((str(o.id), o.name) for o in organisations)


class AnswerForm(Form):
    """Accept or decline a referral (declining needs a reason)."""

    version = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason for declining"), validators=[TextLimit(1000)])
    accept = SubmitField(_l("Accept"))
    decline = SubmitField(_l("Decline"))
