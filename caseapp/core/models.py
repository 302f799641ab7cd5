"""Column helpers shared by feature models."""

from datetime import UTC, datetime

from caseapp.extensions import db


def utcnow():
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def string_enum(enum_cls, name):
    """A VARCHAR column type limited to ``enum_cls`` values by a CHECK constraint."""
    return db.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )
