"""The organisation model."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.models import UTCDateTime, string_enum, utcnow
from caseapp.extensions import db


class OrganisationKind(StrEnum):
    """What an organisation is; HTCDS ``org_Type`` covers the same ground."""

    NGO = "ngo"
    SHELTER_OPERATOR = "shelter_operator"
    AUTHORITY = "authority"


KIND_LABELS = {
    OrganisationKind.NGO: _l("NGO"),
    OrganisationKind.SHELTER_OPERATOR: _l("Shelter operator"),
    OrganisationKind.AUTHORITY: _l("Authority"),
}


class Organisation(UUIDPrimaryKey, db.Model):
    """One organisation; every user and every record belongs to exactly one."""

    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(db.String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(string_enum(OrganisationKind, "organisation_kind"))
    active: Mapped[bool] = mapped_column(default=True)
    # Starts every case reference of the organisation, e.g. "NOR" in NOR-2026-0042.
    case_prefix: Mapped[str] = mapped_column(db.String(8), default="CASE", server_default="CASE")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def kind_label(self):
        """The translated name of the organisation's kind."""
        return KIND_LABELS[self.kind]
