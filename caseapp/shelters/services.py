"""Shelter domain logic, scoped to one organisation. Flushes, never commits."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseapp.extensions import db
from caseapp.shelters.models import Shelter


class ShelterError(ValueError):
    """The shelter change is not allowed; the message is user-facing."""


def list_shelters(organisation_id):
    """The organisation's shelters, by name."""
    query = select(Shelter).where(Shelter.organisation_id == organisation_id).order_by(Shelter.name)
    return db.session.scalars(query).all()


def create_shelter(organisation_id, *, name, capacity):
    """Add a shelter to the organisation; names are unique within it."""
    name = name.strip()
    query = select(Shelter.id).where(Shelter.organisation_id == organisation_id, Shelter.name == name)
    if db.session.scalar(query) is not None:
        raise ShelterError(_l("Your organisation already has a shelter with this name."))
    shelter = Shelter(organisation_id=organisation_id, name=name, capacity=capacity)
    db.session.add(shelter)
    db.session.flush()
    return shelter
