"""Referrals of a case to another organisation's shelter service."""

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.enums import LabelledEnum
from caseapp.core.models import UTCDateTime, split_codes, string_enum, utcnow
from caseapp.crypto import encrypted
from caseapp.extensions import db


class ReferralStatus(LabelledEnum):
    """Where a referral stands; the sending case sees these, nothing else of the receiver."""

    REQUESTED = "requested", _l("Requested")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")
    PLACED = "placed", _l("Placed")
    ENDED = "ended", _l("Stay ended")
    CANCELLED = "cancelled", _l("Cancelled (consent withdrawn)")


class SharedField(LabelledEnum):
    """The person fields a referral may share; the worker leaves out what the receiver need not know."""

    GIVEN_NAMES = "given_names", _l("Given names")
    FAMILY_NAME = "family_name", _l("Family name")
    ALIASES = "aliases", _l("Aliases")
    DATE_OF_BIRTH = "date_of_birth", _l("Date of birth")
    PHONES = "phones", _l("Phone numbers")
    IDENTITY_DOCUMENT = "identity_document", _l("Identity document")
    GENDER = "gender", _l("Gender")
    BIRTH_YEAR = "birth_year", _l("Birth year")
    CITIZENSHIP = "citizenship", _l("Citizenship")
    LANGUAGES = "languages", _l("Languages")


# Shown to the receiver before they accept: not identifying on their own.
COARSE_FIELDS = ("gender", "birth_year", "citizenship", "languages")


class Referral(UUIDPrimaryKey, db.Model):
    """A request from one organisation's case to another organisation to take the person in.

    The shared fields travel encrypted in ``payload`` (bound to this row) and
    are erased from it as soon as the referral is accepted, declined or
    cancelled: on acceptance they become the receiver's own person record.
    """

    __tablename__ = "referrals"

    from_organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    from_case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    to_organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    to_case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    status: Mapped[ReferralStatus] = mapped_column(string_enum(ReferralStatus, "referral_status"),
                                                   default=ReferralStatus.REQUESTED)
    # Codes of the shared fields (comma-separated), kept after the payload is erased.
    fields: Mapped[str] = mapped_column(db.String(250), default="")
    payload = encrypted("payload")
    decline_reason = encrypted("decline_reason")
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    from_organisation = relationship("Organisation", foreign_keys=[from_organisation_id])
    to_organisation = relationship("Organisation", foreign_keys=[to_organisation_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def field_codes(self):
        """The shared fields' codes."""
        return split_codes(self.fields)

    @property
    def status_label(self):
        """The translated status."""
        return ReferralStatus(self.status).label
