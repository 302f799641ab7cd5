"""Column helpers shared by feature models."""

from datetime import UTC, datetime

from sqlalchemy.types import DateTime, TypeDecorator

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


class UTCDateTime(TypeDecorator):
    """A timezone-aware timestamp that always reads back as UTC.

    SQLite keeps no time zone and hands back naive datetimes; every time is
    written in UTC, so reading attaches UTC once here instead of in each caller.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Store aware times converted to UTC."""
        return value.astimezone(UTC) if value is not None and value.tzinfo else value

    def process_result_value(self, value, dialect):
        """Read naive times as UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def split_codes(text):
    """The codes of a comma-separated column value (empty parts dropped)."""
    return [code for code in (text or "").split(",") if code]


def join_codes(codes):
    """A list of codes as one comma-separated column value."""
    return ",".join(codes)
