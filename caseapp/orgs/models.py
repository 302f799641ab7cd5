"""The organisation model."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.enums import LabelledEnum
from caseapp.core.models import UTCDateTime, string_enum, utcnow
from caseapp.extensions import db


class OrganisationKind(LabelledEnum):
    """What an organisation is; HTCDS ``org_Type`` covers the same ground."""

    NGO = "ngo", _l("NGO")
    SHELTER_OPERATOR = "shelter_operator", _l("Shelter operator")
    AUTHORITY = "authority", _l("Authority")


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
        return OrganisationKind(self.kind).label
