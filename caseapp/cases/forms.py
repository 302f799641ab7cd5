"""Case forms: opening, status, decision, assignment, notes, consent and list filters."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.cases.models import ConsentPurpose, DecisionBody, Exploitation, TraffickingStatus
from caseapp.core.forms import (CreatingForm, Form, MultiCheckboxField, TextLimit, choices, confirmation, past_date,
                                prompted)

NOTE_MAX = 5000


def _worker_choices(workers):
    return choices((str(worker.id), worker.display_name) for worker in workers)


class VersionedForm(Form):
    """A form that carries the version of the case it was shown with."""

    version = HiddenField(validators=[DataRequired()])


class OpenCaseForm(CreatingForm):
    """Open a case for a person."""

    assigned_to = SelectField(_l("Case worker"), validators=[InputRequired()])
    exploitation = MultiCheckboxField(_l("Forms of exploitation"), choices=choices(Exploitation.choices()))
    submit = SubmitField(_l("Open case"))

    def set_workers(self, workers):
        """Offer the organisation's case workers."""
        self.assigned_to.choices = _worker_choices(workers)


class StatusForm(VersionedForm):
    """Move the case to another status (with an outcome when closing)."""

    status = SelectField(_l("New status"), validators=[InputRequired(message=_l("Choose the new status."))])
    outcome = SelectField(_l("Outcome (when closing)"), validators=[Optional()])
    confirm_close = confirmation(_l("When closing: I understand that the case leaves the lists of open work."))
    submit = SubmitField(_l("Change status"))

    def validate_confirm_close(self, field):
        """Closing a case needs the "I understand" box ticked."""
        if self.status.data == CaseStatus.CLOSED.value and not field.data:
            raise ValidationError(_l("Tick the box to confirm closing the case."))

    def set_targets(self, targets):
        """Offer only the statuses the state machine allows from here."""
        self.status.choices = prompted(CaseStatus.choices(sorted(targets, key=list(CaseStatus).index)))
        self.outcome.choices = [*choices([("", _l("No outcome"))]), *choices(ClosureOutcome.choices())]


class DecisionForm(VersionedForm):
    """The identification decision."""

    trafficking_status = SelectField(_l("Decision"), choices=prompted(TraffickingStatus.choices()),
                                     validators=[InputRequired(message=_l("Choose the decision."))])
    decided_by = SelectField(_l("Decided by"), choices=prompted(DecisionBody.choices()),
                             validators=[InputRequired(message=_l("Choose who decided."))])
    decided_on = DateField(_l("Date of decision"), validators=[InputRequired(), past_date()])
    submit = SubmitField(_l("Record decision"))


class AssignForm(VersionedForm):
    """Give the case to another worker."""

    assigned_to = SelectField(_l("Case worker"), validators=[InputRequired()])
    submit = SubmitField(_l("Reassign"))

    def set_workers(self, workers):
        """Offer the organisation's case workers."""
        self.assigned_to.choices = _worker_choices(workers)


class ExploitationForm(VersionedForm):
    """Change the forms of exploitation."""

    exploitation = MultiCheckboxField(_l("Forms of exploitation"), choices=choices(Exploitation.choices()))
    submit = SubmitField(_l("Save forms of exploitation"))


class NoteForm(CreatingForm):
    """A free-text note on the timeline (stored encrypted)."""

    note = TextAreaField(_l("Note"), validators=[DataRequired(message=_l("Write the note before adding it.")),
                                                 TextLimit(NOTE_MAX)])
    submit = SubmitField(_l("Add note"))


class ConsentForm(Form):
    """Record or withdraw a consent."""

    purpose = SelectField(_l("Purpose"), choices=choices(ConsentPurpose.choices()))
    on = DateField(_l("Date"), validators=[InputRequired(), past_date()])
    submit = SubmitField(_l("Record consent"))


class CaseFilterForm(Form):
    """Filter the case list (sent by GET: codes and ids only, no personal data)."""

    class Meta:
        csrf = False

    reference = StringField(_l("Case reference"), validators=[Optional(), Length(max=24)])
    status = SelectField(_l("Status"), validators=[Optional()])
    worker = SelectField(_l("Case worker"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def set_options(self, workers):
        """Offer every status and the organisation's workers."""
        everything = choices([("", _l("All"))])
        self.status.choices = [*everything, *choices(CaseStatus.choices())]
        self.worker.choices = [*everything, *_worker_choices(workers)]
