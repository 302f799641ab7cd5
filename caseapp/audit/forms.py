"""The audit trail's filters: sent by GET, so they hold dates, an action code and a user id, never personal data."""

import uuid
from datetime import UTC, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import to_utc
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from caseapp.audit.trail import TrailFilter
from caseapp.core.forms import Form, choices, past_date


class AuditFilterForm(Form):
    """Filter the trail by a span of days (in Copenhagen time), an action and a user."""

    class Meta:
        csrf = False

    date_from = DateField(_l("From"), validators=[Optional(), past_date()])
    date_to = DateField(_l("To"), validators=[Optional(), past_date()])
    action = SelectField(_l("Action"), validators=[Optional()])
    actor = SelectField(_l("User"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def set_options(self, actions, users):
        """Offer the registered actions by label and the organisation's users by name and email."""
        everything = choices([("", _l("All"))])
        by_label = sorted(actions.items(), key=lambda pair: str(pair[1]))
        self.action.choices = [*everything, *choices(by_label)]
        self.actor.choices = [*everything, *choices((str(u.id), f"{u.display_name} ({u.email})") for u in users)]

    def validate_date_to(self, field):
        """The span cannot end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date lies before the start date."))

    def to_filter(self):
        """The chosen filters as a TrailFilter; whole days in the user's time zone become UTC bounds."""
        return TrailFilter(since=_start_of(self.date_from.data), action=self.action.data or None,
                           until=_start_of(self.date_to.data + timedelta(days=1)) if self.date_to.data else None,
                           actor_id=uuid.UUID(self.actor.data) if self.actor.data else None)


def _start_of(day):
    """Midnight of ``day`` in the user's time zone, as an aware UTC time."""
    return to_utc(datetime.combine(day, time.min)).replace(tzinfo=UTC) if day else None
