"""String enums whose members carry their own translated label.

Each member is declared with its stored value and its lazily translated
label, so a code and the words users see for it can never drift apart::

    class PlaceType(LabelledEnum):
        STREET = "street", _l("Street")

``PlaceType.STREET`` is still the string ``"street"`` (it is stored and
compared as before); ``PlaceType.STREET.label`` is translated when shown.
"""

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum whose members are declared as ``NAME = value, label``."""

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self):
        """The member's label, translated into the current locale when rendered."""
        return self._label

    @classmethod
    def choices(cls, members=None):
        """(value, label) pairs of ``members`` in the order given; by default every member, in declaration order."""
        return [(member.value, member.label) for member in (cls if members is None else members)]

    @classmethod
    def labels(cls):
        """Every member's label translated now, by member: a list of many rows translates each label once."""
        return {member: str(member.label) for member in cls}

    @classmethod
    def label_of(cls, value):
        """The label of the member stored as ``value``; the value itself when no member has it."""
        try:
            return cls(value).label
        except ValueError:
            return value
