"""Organisation management for the system administrator. Flushes, never commits."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseapp.extensions import db
from caseapp.orgs.models import Organisation, OrganisationKind


class OrganisationError(ValueError):
    """The organisation change is not allowed; the message is user-facing."""


def list_organisations():
    """Every organisation, by name."""
    return db.session.scalars(select(Organisation).order_by(Organisation.name)).all()


def get_organisation(organisation_id):
    """The organisation with this id, or None."""
    return db.session.get(Organisation, organisation_id)


def create_organisation(*, name, kind):
    """Create an organisation with a unique name."""
    name = name.strip()
    taken = db.session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == name.lower()))
    if taken is not None:
        raise OrganisationError(_l("An organisation with this name already exists."))
    organisation = Organisation(name=name, kind=OrganisationKind(kind))
    db.session.add(organisation)
    db.session.flush()
    return organisation
