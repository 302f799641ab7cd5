"""The shelter model."""

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseapp.core.database import UUIDPrimaryKey
from caseapp.extensions import db


class Shelter(UUIDPrimaryKey, db.Model):
    """A safe house with a number of beds, owned by one organisation."""

    __tablename__ = "shelters"
    __table_args__ = (
        UniqueConstraint("organisation_id", "name", name="uq_shelters_organisation_name"),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(db.String(200))
    capacity: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
