"""The coordinator's filter of the task list (sent by GET: a user id, never personal data)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import Optional

from caseapp.core.forms import choices


class TaskFilterForm(FlaskForm):
    """Show one worker's tasks, or everyone's."""

    class Meta:
        csrf = False

    worker = SelectField(_l("Case worker"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def set_workers(self, workers):
        """Offer the organisation's case workers."""
        self.worker.choices = choices([("", _l("All")), *((str(w.id), w.display_name) for w in workers)])
