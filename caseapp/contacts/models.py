"""Outreach contacts: often anonymous, sometimes with a person, the note encrypted."""

import uuid
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.models import UTCDateTime, split_codes, string_enum, utcnow
from caseapp.crypto import encrypted
from caseapp.extensions import db
from caseapp.persons.models import Person


class PlaceType(StrEnum):
    """Where the contact took place."""

    STREET = "street"
    CLINIC = "clinic"
    ONLINE = "online"
    PHONE = "phone"
    DROP_IN = "drop_in"
    ASYLUM_CENTRE = "asylum_centre"
    DETENTION = "detention"
    OTHER = "other"


PLACE_LABELS = {
    PlaceType.STREET: _l("Street"),
    PlaceType.CLINIC: _l("Clinic or brothel"),
    PlaceType.ONLINE: _l("Online"),
    PlaceType.PHONE: _l("Phone"),
    PlaceType.DROP_IN: _l("Drop-in centre"),
    PlaceType.ASYLUM_CENTRE: _l("Asylum centre"),
    PlaceType.DETENTION: _l("Detention"),
    PlaceType.OTHER: _l("Other"),
}


class Indicator(StrEnum):
    """Signs of trafficking: HTCDS ``vic_MethodsOfControl`` plus what outreach workers look for."""

    PHYSICAL_THREATS = "PhysicalThreats"
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement"
    THREATENS_FAMILY = "ThreatensChildrenFamily"
    DEBT_BONDAGE = "DebtBondage"
    FALSE_PROMISES = "FalsePromises"
    PHYSICAL_ABUSE = "PhysicalAbuse"
    SEXUAL_ABUSE = "SexualAbuse"
    TAKES_EARNINGS = "TakesEarnings"
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare"
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse"
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance"
    EXCESSIVE_HOURS = "ExcessiveWorkingHours"
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments"
    ACCOMPANIED = "AccompaniedOrWatched"
    SCRIPTED_ANSWERS = "ScriptedAnswers"
    UNKNOWN_ADDRESS = "DoesNotKnowAddress"
    LIVES_AT_WORKPLACE = "LivesAtWorkplace"
    MOVED_OFTEN = "MovedBetweenPlaces"
    APPEARS_UNDERAGE = "AppearsUnderage"
    OTHER = "Other"


INDICATOR_LABELS = {
    Indicator.PHYSICAL_THREATS: _l("Physical threats"),
    Indicator.THREATS_LAW_ENFORCEMENT: _l("Threatened with the police or deportation"),
    Indicator.THREATENS_FAMILY: _l("Threats against children or family"),
    Indicator.DEBT_BONDAGE: _l("Debt to be paid off"),
    Indicator.FALSE_PROMISES: _l("False promises about work or pay"),
    Indicator.PHYSICAL_ABUSE: _l("Signs of physical abuse"),
    Indicator.SEXUAL_ABUSE: _l("Sexual abuse"),
    Indicator.TAKES_EARNINGS: _l("Someone else takes the earnings"),
    Indicator.RESTRICTS_MEDICAL_CARE: _l("Kept from medical care"),
    Indicator.PSYCHOLOGICAL_ABUSE: _l("Psychological abuse"),
    Indicator.PSYCHOACTIVE_SUBSTANCE: _l("Given drugs or alcohol"),
    Indicator.EXCESSIVE_HOURS: _l("Excessive working hours"),
    Indicator.WITHHOLDS_DOCUMENTS: _l("Does not hold own passport or ID"),
    Indicator.ACCOMPANIED: _l("Accompanied or watched by others"),
    Indicator.SCRIPTED_ANSWERS: _l("Answers seem rehearsed"),
    Indicator.UNKNOWN_ADDRESS: _l("Does not know own address"),
    Indicator.LIVES_AT_WORKPLACE: _l("Lives where she or he works"),
    Indicator.MOVED_OFTEN: _l("Moved often between towns or countries"),
    Indicator.APPEARS_UNDERAGE: _l("Appears to be under 18"),
    Indicator.OTHER: _l("Other sign"),
}


class Service(StrEnum):
    """What the outreach worker offered."""

    INFORMATION = "information"
    HEALTH = "health"
    LEGAL = "legal"
    SHELTER = "shelter"
    OTHER = "other"


SERVICE_LABELS = {
    Service.INFORMATION: _l("Information"),
    Service.HEALTH: _l("Health care"),
    Service.LEGAL: _l("Legal advice"),
    Service.SHELTER: _l("Shelter offer"),
    Service.OTHER: _l("Other"),
}


class Contact(UUIDPrimaryKey, db.Model):
    """One outreach contact; names nobody unless ``person_id`` is set."""

    __tablename__ = "contacts"
    __table_args__ = (Index("ix_contacts_organisation_occurred", "organisation_id", "occurred_at"),)

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
