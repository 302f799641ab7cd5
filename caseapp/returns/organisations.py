"""Return organisations: installation data kept by the system administrator (IOM, DRC, the Return Agency)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseapp.extensions import db
from caseapp.returns.models import ReturnOrganisation


class ReturnOrganisationError(ValueError):
    """The change is not allowed; the message is user-facing."""


def list_return_organisations(active_only=False):
    """Every return organisation (or only the active ones), by name."""
    query = select(ReturnOrganisation).order_by(ReturnOrganisation.name)
    if active_only:
        query = query.where(ReturnOrganisation.active.is_(True))
    return db.session.scalars(query).all()


def get_return_organisation(organisation_id):
    """The return organisation with this id, or None."""
    return db.session.get(ReturnOrganisation, organisation_id)


def add_return_organisation(name):
    """Add a return organisation under a name not yet used."""
    organisation = ReturnOrganisation(name=_free_name(name))
    db.session.add(organisation)
    db.session.flush()
    return organisation


def rename_return_organisation(organisation, name):
    """Give the organisation a new name not used by another."""
    organisation.name = _free_name(name, organisation)
    db.session.flush()


def set_active(organisation, active):
    """Deactivate (no new referrals; existing returns keep it) or reactivate."""
    organisation.active = active
    db.session.flush()


def _free_name(name, organisation=None):
    name = (name or "").strip()
    if not name:
        raise ReturnOrganisationError(_l("Give the organisation's name."))
    taken = db.session.scalar(select(ReturnOrganisation.id).where(
        func.lower(ReturnOrganisation.name) == name.lower()))
    if taken is not None and (organisation is None or taken != organisation.id):
        raise ReturnOrganisationError(_l("A return organisation of that name exists already."))
    return name
