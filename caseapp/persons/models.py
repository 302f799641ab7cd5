"""Person, with encrypted identifying fields and plaintext coarse fields for statistics."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.models import UTCDateTime, split_codes, string_enum, utcnow
from caseapp.crypto import RowIndex, encrypted, normalise_date, normalise_name, normalise_phone
from caseapp.crypto.blind_index import INDEX_LENGTH
from caseapp.extensions import db
from caseapp.persons.indexes import person_row_indexes


class Gender(StrEnum):
    """HTCDS 2.0 ``prs_Gender`` values."""

    FEMININE = "Feminine"
    MASCULINE = "Masculine"
    TRANSGENDER_FEMININE = "TransgenderFeminine"
    TRANSGENDER_MASCULINE = "TransgenderMasculine"
    NON_CONFORMING = "NonConforming"
    NOT_SPECIFIED = "NonSpecifiedUnknown"


GENDER_LABELS = {
    Gender.FEMININE: _l("Female"),
    Gender.MASCULINE: _l("Male"),
    Gender.TRANSGENDER_FEMININE: _l("Transgender female"),
    Gender.TRANSGENDER_MASCULINE: _l("Transgender male"),
    Gender.NON_CONFORMING: _l("Non-conforming"),
    Gender.NOT_SPECIFIED: _l("Not specified / unknown"),
}


# Blind-index size of the searchable fields. With 12 bits, at the benchmark's
# 100,000 persons about 24 rows share each index value: never a single row
# (CipherSweet's floor is 2), yet a search decrypts tens of candidates rather
# than the ~400 an 8-bit index gives (bench/RESULTS.md). The price: several
# indexes on one row together narrow a row down further than one alone.
SEARCH_INDEX_BITS = 12


class Person(UUIDPrimaryKey, db.Model):
    """A person an organisation works with; identifying fields are encrypted."""

    __tablename__ = "persons"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    given_names = encrypted("given_names", index=normalise_name, bits=SEARCH_INDEX_BITS)
    family_name = encrypted("family_name", index=normalise_name, bits=SEARCH_INDEX_BITS)
    date_of_birth = encrypted("date_of_birth", kind=date, index=normalise_date, bits=SEARCH_INDEX_BITS)
    identity_document = encrypted("identity_document")
    address = encrypted("address")
    notes = encrypted("notes")
    # Blind indexes over combinations, set by the persons service.
    full_name_bidx: Mapped[str | None] = mapped_column(db.String(INDEX_LENGTH), index=True)
    given_names_birth_year_bidx: Mapped[str | None] = mapped_column(db.String(INDEX_LENGTH), index=True)
    # Coarse plaintext fields: what statistics need, never identifying on their own.
    gender: Mapped[Gender] = mapped_column(string_enum(Gender, "person_gender"), default=Gender.NOT_SPECIFIED)
    birth_year: Mapped[int | None]
    citizenship: Mapped[str] = mapped_column(db.String(120), default="")
    languages: Mapped[str] = mapped_column(db.String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    aliases: Mapped[list["PersonAlias"]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAlias.position")
    phones: Mapped[list["PersonPhone"]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonPhone.position")

    __mapper_args__ = {"version_id_col": version}
    # Key rotation rebuilds the indexes over several fields with this.
    __row_index__ = RowIndex(("birth_year",), ("full_name_bidx", "given_names_birth_year_bidx"), person_row_indexes)

    @property
    def citizenship_codes(self):
        """ISO 3166 alpha-2 codes of the person's citizenships."""
        return split_codes(self.citizenship)

    @property
    def language_codes(self):
        """ISO 639 codes of the languages the person speaks."""
        return split_codes(self.languages)


class PersonAlias(UUIDPrimaryKey, db.Model):
    """One alias of a person (street name, nickname, another spelling)."""

    __tablename__ = "person_aliases"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    alias = encrypted("alias", index=normalise_name, bits=SEARCH_INDEX_BITS)
    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonPhone(UUIDPrimaryKey, db.Model):
    """One phone number of a person."""

    __tablename__ = "person_phones"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    number = encrypted("number", index=normalise_phone, bits=SEARCH_INDEX_BITS)
    person: Mapped[Person] = relationship(back_populates="phones")
