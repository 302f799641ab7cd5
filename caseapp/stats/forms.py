"""The period of a release, and a new statistics coordinator."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from caseapp.core.clock import local_today
from caseapp.auth.forms import LANGUAGE_CHOICES
from caseapp.core.forms import Form, choices

KIND_CHOICES = (("year", _l("A year")), ("quarter", _l("A quarter")), ("range", _l("From one day to another")))
QUARTERS = ((1, _l("1st quarter")), (2, _l("2nd quarter")), (3, _l("3rd quarter")), (4, _l("4th quarter")))
# Statistics start with caseapp's first cases; a release may not run into the future.
FIRST_YEAR = 2007


class PeriodForm(Form):
    """A year, a quarter or a range of days."""

    kind = RadioField(_l("Period"), choices=choices(KIND_CHOICES), default="year")
    year = SelectField(_l("Year"), coerce=int)
    quarter = SelectField(_l("Quarter"), coerce=int, choices=choices(QUARTERS), default=1)
    date_from = DateField(_l("First day"), validators=[Optional()])
    date_to = DateField(_l("Last day"), validators=[Optional()])
    submit = SubmitField(_l("Make the release"))

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or local_today()
        self.year.choices = [(y, str(y)) for y in range(today.year, FIRST_YEAR - 1, -1)]
        if self.year.data is None:
            self.year.data = today.year - 1

    def validate(self, extra_validators=None):
        """The fields of the chosen kind are filled and the range is in order."""
        if not super().validate(extra_validators):
            return False
        if self.kind.data != "range":
            return True
        if self.date_from.data is None or self.date_to.data is None:
            field = self.date_from if self.date_from.data is None else self.date_to
            field.errors.append(_l("Give the first and the last day of the period."))
            return False
        if self.date_to.data < self.date_from.data:
            self.date_to.errors.append(_l("The last day comes before the first day."))
            return False
        return True

    def period(self):
        """The chosen (first day, last day)."""
        if self.kind.data == "range":
            return self.date_from.data, self.date_to.data
        year = self.year.data
        if self.kind.data == "year":
            return date(year, 1, 1), date(year, 12, 31)
        first_month = 3 * (self.quarter.data - 1) + 1
        last = date(year + (first_month == 10), (first_month + 3) % 12 or 12, 1)
        return date(year, first_month, 1), date.fromordinal(last.toordinal() - 1)


class StatisticsCoordinatorForm(Form):
    """A statistics coordinator of the installation."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=choices(LANGUAGE_CHOICES))
    submit = SubmitField(_l("Create statistics coordinator"))
