"""Outreach contacts: often anonymous, sometimes with a person, the note encrypted."""

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.enums import LabelledEnum
from caseapp.core.models import UTCDateTime, split_codes, string_enum, utcnow
from caseapp.crypto import encrypted
from caseapp.extensions import db
from caseapp.persons.models import Person


class PlaceType(LabelledEnum):
    """Where the contact took place."""

    STREET = "street", _l("Street")
    CLINIC = "clinic", _l("Clinic or brothel")
    ONLINE = "online", _l("Online")
    PHONE = "phone", _l("Phone")
    DROP_IN = "drop_in", _l("Drop-in centre")
    ASYLUM_CENTRE = "asylum_centre", _l("Asylum centre")
    DETENTION = "detention", _l("Detention")
    OTHER = "other", _l("Other")


class Indicator(LabelledEnum):
    """Signs of trafficking: HTCDS ``vic_MethodsOfControl`` plus what outreach workers look for."""

    PHYSICAL_THREATS = "PhysicalThreats", _l("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _l("Threatened with the police or deportation")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _l("Threats against children or family")
    DEBT_BONDAGE = "DebtBondage", _l("Debt to be paid off")
    FALSE_PROMISES = "FalsePromises", _l("False promises about work or pay")
    PHYSICAL_ABUSE = "PhysicalAbuse", _l("Signs of physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _l("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _l("Someone else takes the earnings")
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", _l("Kept from medical care")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _l("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance", _l("Given drugs or alcohol")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _l("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _l("Does not hold own passport or ID")
    ACCOMPANIED = "AccompaniedOrWatched", _l("Accompanied or watched by others")
    SCRIPTED_ANSWERS = "ScriptedAnswers", _l("Answers seem rehearsed")
    UNKNOWN_ADDRESS = "DoesNotKnowAddress", _l("Does not know own address")
    LIVES_AT_WORKPLACE = "LivesAtWorkplace", _l("Lives where she or he works")
    MOVED_OFTEN = "MovedBetweenPlaces", _l("Moved often between towns or countries")
    APPEARS_UNDERAGE = "AppearsUnderage", _l("Appears to be under 18")
    OTHER = "Other", _l("Other sign")


class Service(LabelledEnum):
    """What the outreach worker offered."""

    INFORMATION = "information", _l("Information")
    HEALTH = "health", _l("Health care")
    LEGAL = "legal", _l("Legal advice")
    SHELTER = "shelter", _l("Shelter offer")
    OTHER = "other", _l("Other")


class Contact(UUIDPrimaryKey, db.Model):
    """One outreach contact; names nobody unless ``person_id`` is set."""

    __tablename__ = "contacts"
    # The contact list walks this index newest first and stops after a page.
    __table_args__ = (Index("ix_contacts_organisation_occurred", "organisation_id", "occurred_at", "id"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    place_type: Mapped[PlaceType] = mapped_column(string_enum(PlaceType, "contact_place_type"))
    municipality: Mapped[str | None] = mapped_column(db.String(40))
    language: Mapped[str | None] = mapped_column(db.String(8))
    interpreter_used: Mapped[bool] = mapped_column(default=False)
    indicators: Mapped[str] = mapped_column(db.String(600), default="")
    services: Mapped[str] = mapped_column(db.String(120), default="")
    note = encrypted("note")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def indicator_codes(self):
        """The trafficking indicators observed."""
        return split_codes(self.indicators)

    @property
    def service_codes(self):
        """The services offered."""
        return split_codes(self.services)
