"""Shelter domain logic, scoped to one organisation: shelters, their staff and free beds. Flushes, never commits."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select

from caseapp.auth.models import Role, User
from caseapp.extensions import db
from caseapp.shelters.models import Placement, Shelter, ShelterStaff


class ShelterError(ValueError):
    """The shelter change is not allowed; the message is user-facing."""


def list_shelters(organisation_id, active_only=False):
    """The organisation's shelters, by name."""
    query = select(Shelter).where(Shelter.organisation_id == organisation_id).order_by(Shelter.name)
    if active_only:
        query = query.where(Shelter.active.is_(True))
    return db.session.scalars(query).all()


def get_shelter(organisation_id, shelter_id):
    """The organisation's shelter with this id, or None."""
    return db.session.scalar(select(Shelter).where(Shelter.id == shelter_id,
                                                   Shelter.organisation_id == organisation_id))


def shelters_of(user):
    """The shelters ``user`` works in: their assigned ones for shelter staff, all active ones for others."""
    query = select(Shelter).where(Shelter.organisation_id == user.organisation_id, Shelter.active.is_(True))
    if user.role == Role.SHELTER_STAFF:
        query = query.where(Shelter.id.in_(select(ShelterStaff.shelter_id).where(ShelterStaff.user_id == user.id)))
    return db.session.scalars(query.order_by(Shelter.name)).all()


def create_shelter(organisation_id, *, name, capacity, address=None, active=True):
    """Add a shelter to the organisation; names are unique within it."""
    shelter = Shelter(organisation_id=organisation_id, capacity=capacity)
    _set_fields(shelter, name=name, capacity=capacity, address=address, active=active)
    db.session.add(shelter)
    db.session.flush()
    return shelter


def update_shelter(shelter, *, name, capacity, address, active, today):
    """Change a shelter; its beds may not drop below the people placed there today."""
    occupied = occupancy(shelter.id, today)
    if capacity < occupied:
        raise ShelterError(_l("%(num)d people are placed here today: the shelter needs at least that many beds.",
                              num=occupied))
    _set_fields(shelter, name=name, capacity=capacity, address=address, active=active)
    db.session.flush()


def _set_fields(shelter, *, name, capacity, address, active):
    name = name.strip()
    query = select(Shelter.id).where(Shelter.organisation_id == shelter.organisation_id, Shelter.name == name,
                                     Shelter.id != shelter.id)
    if db.session.scalar(query) is not None:
        raise ShelterError(_l("Your organisation already has a shelter with this name."))
    shelter.name, shelter.capacity, shelter.active = name, capacity, active
    shelter.address = (address or "").strip() or None


def occupancy(shelter_id, day):
    """How many beds of the shelter are taken on ``day``."""
    return db.session.scalar(select(func.count()).select_from(Placement).where(
        Placement.shelter_id == shelter_id, Placement.starts_on <= day,
        or_(Placement.ends_on.is_(None), Placement.ends_on > day)))


def free_beds(shelters, day):
    """{shelter id: free beds on ``day``} for ``shelters`` (negative when over capacity), in one query."""
    ids = [shelter.id for shelter in shelters]
    rows = db.session.execute(select(Placement.shelter_id, func.count()).where(
        Placement.shelter_id.in_(ids), Placement.starts_on <= day,
        or_(Placement.ends_on.is_(None), Placement.ends_on > day)).group_by(Placement.shelter_id))
    taken = dict(rows.all())
    return {shelter.id: shelter.capacity - taken.get(shelter.id, 0) for shelter in shelters}


def shelter_staff_users(organisation_id):
    """The organisation's active shelter staff, by name."""
    return db.session.scalars(select(User).where(
        User.organisation_id == organisation_id, User.role == Role.SHELTER_STAFF, User.active.is_(True))
        .order_by(User.display_name)).all()


def staff_ids(shelter):
    """Ids of the users assigned to the shelter."""
    return set(db.session.scalars(select(ShelterStaff.user_id).where(ShelterStaff.shelter_id == shelter.id)))


def assign_staff(shelter, user_ids):
    """Make exactly ``user_ids`` (the organisation's shelter staff) the shelter's staff; returns added, removed."""
    allowed = {user.id for user in shelter_staff_users(shelter.organisation_id)}
    wanted = {user_id for user_id in user_ids if user_id in allowed}
    current = staff_ids(shelter)
    db.session.execute(delete(ShelterStaff).where(ShelterStaff.shelter_id == shelter.id,
                                                  ShelterStaff.user_id.in_(current - wanted)))
    db.session.add_all(ShelterStaff(shelter_id=shelter.id, user_id=user_id) for user_id in wanted - current)
    db.session.flush()
    return sorted(wanted - current), sorted(current - wanted)
