"""Organisation management for the system administrator. Flushes, never commits."""

import re

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


PREFIX_RE = re.compile(r"^[A-Z]{2,8}$")


def default_case_prefix(name):
    """A case-reference prefix made from the organisation's name: its first three letters, upper case."""
    letters = "".join(ch for ch in name.upper() if "A" <= ch <= "Z")
    return (letters[:3] or "CASE").ljust(2, "X")


def create_organisation(*, name, kind, case_prefix=None):
    """Create an organisation with a unique name and a case-reference prefix (2-8 letters A-Z)."""
    name = name.strip()
    case_prefix = (case_prefix or "").strip().upper() or default_case_prefix(name)
    if not PREFIX_RE.match(case_prefix):
        raise OrganisationError(_l("The case prefix must be 2 to 8 letters A-Z."))
    taken = db.session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == name.lower()))
    if taken is not None:
        raise OrganisationError(_l("An organisation with this name already exists."))
    organisation = Organisation(name=name, kind=OrganisationKind(kind), case_prefix=case_prefix)
    db.session.add(organisation)
    db.session.flush()
    return organisation
