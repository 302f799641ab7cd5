"""The erasure form: a reason code and an explicit confirmation."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired

from caseapp.core.forms import Form, confirmation, prompted
from caseapp.retention.services import REQUEST_REASONS, ErasureReason


class EraseForm(Form):
    """Erase a person on request; there is no free-text reason, so none can leak into the audit trail."""

    reason = SelectField(_l("Reason"), validators=[InputRequired()],
                         choices=prompted(ErasureReason.choices(REQUEST_REASONS)))
    confirm = confirmation(_l("I understand that the personal data is erased for good and cannot be restored."),
                           _l("Tick the box to confirm the erasure."))
    submit = SubmitField(_l("Erase personal data"))
