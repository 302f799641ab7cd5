"""Form helpers shared by features."""

from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget


def choices(pairs):
    """Turn (value, label) pairs into WTForms select choices; enum values become their text."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (large touch targets on phones)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
