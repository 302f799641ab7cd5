"""Form helpers shared by features."""

from wtforms.fields.choices import SelectChoice


def choices(pairs):
    """Turn (value, label) pairs into WTForms select choices."""
    return [SelectChoice(str(value), label) for value, label in pairs]
