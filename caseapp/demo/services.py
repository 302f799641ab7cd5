"""Builds the demo installation: organisations, a shelter and one user per role."""

from dataclasses import dataclass

import pyotp
from flask import current_app
from sqlalchemy import select

from caseapp.auth import twofactor
from caseapp.auth.models import Role
from caseapp.auth.services import create_user, find_user_by_email
from caseapp.core.registry import registry
from caseapp.demo.generate import generate_persons
from caseapp.demo.shelterwork import add_shelter_work
from caseapp.extensions import db
from caseapp.orgs.models import Organisation, OrganisationKind
from caseapp.orgs.services import create_organisation
from caseapp.shelters.services import create_shelter

# Fictional organisations; the demo never runs in production, so fixed
# passwords are acceptable and let `make run` print them every time.
DEMO_ORGANISATIONS = (
    ("Nordlys NGO (demo)", OrganisationKind.NGO),
    ("Havnen Outreach (demo)", OrganisationKind.NGO),
    ("Tryghus Shelters (demo)", OrganisationKind.SHELTER_OPERATOR),
)
DEMO_SHELTER = ("Tryghus Shelters (demo)", "Tryghus safe house", 8)


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in."""

    email: str
    password: str
    role: Role
    organisation: str | None
    display_name: str


DEMO_ACCOUNTS = (
    DemoAccount("outreach@nordlys.example.org", "demo-outreach-pass", Role.OUTREACH,
                "Nordlys NGO (demo)", "Maja Outreach"),
    DemoAccount("coordinator@nordlys.example.org", "demo-coordinator-pass", Role.COORDINATOR,
                "Nordlys NGO (demo)", "Karen Coordinator"),
    DemoAccount("admin@nordlys.example.org", "demo-admin-pass", Role.ADMIN,
                "Nordlys NGO (demo)", "Anders Admin"),
    DemoAccount("outreach@havnen.example.org", "demo-outreach-pass", Role.OUTREACH,
                "Havnen Outreach (demo)", "Sofie Outreach"),
    DemoAccount("staff@tryghus.example.org", "demo-shelter-pass", Role.SHELTER_STAFF,
                "Tryghus Shelters (demo)", "Lene Shelter"),
    DemoAccount("coordinator@tryghus.example.org", "demo-coordinator-pass", Role.COORDINATOR,
                "Tryghus Shelters (demo)", "Tove Coordinator"),
    DemoAccount("sysadmin@caseapp.example.org", "demo-sysadmin-pass", Role.SYSADMIN,
                None, "Sys Admin"),
    DemoAccount("statistics@caseapp.example.org", "demo-statistics-pass", Role.STATISTICS,
                None, "Stine Statistics"),
)


def demo_data_present():
    """True when the demo organisations already exist."""
    names = [name for name, _kind in DEMO_ORGANISATIONS]
    return db.session.scalar(select(Organisation.id).where(Organisation.name.in_(names))) is not None


def database_is_empty():
    """True when no organisation and no user exists yet."""
    return db.session.scalar(select(Organisation.id).limit(1)) is None


def create_demo_data():
    """Create the demo organisations, shelter and accounts, then the features' demo steps; flushes only."""
    organisations = {
        name: create_organisation(name=name, kind=kind) for name, kind in DEMO_ORGANISATIONS
    }
    operator, shelter_name, beds = DEMO_SHELTER
    shelter = create_shelter(organisations[operator].id, name=shelter_name, capacity=beds,
                             address="Demovej 1, 0000 Nowhere (fictional)")
    create_shelter(organisations[operator].id, name="Tryghus family house", capacity=4,
                   address="Demovej 2, 0000 Nowhere (fictional)")
    for account in DEMO_ACCOUNTS:
        if find_user_by_email(account.email) is None:
            user = create_user(
                email=account.email, display_name=account.display_name, role=account.role,
                password=account.password,
                organisation=organisations.get(account.organisation),
            )
            # Enrolled already, so a newcomer needs no phone: `caseapp demo totp` prints codes.
            user.totp_secret = twofactor.new_secret()
    db.session.flush()
    add_shelter_work(organisations, shelter, current_app.config)
    db.session.flush()
    # Features add their own demo data (registered through core.registry); demo imports none of them.
    for step in registry().demo_steps:
        step()
    db.session.flush()


def current_demo_code(email):
    """The current two-factor code of a demo account, or None for any other account."""
    if email.strip().lower() not in {account.email for account in DEMO_ACCOUNTS}:
        return None
    user = find_user_by_email(email)
    if user is None or not user.has_second_factor:
        return None
    return pyotp.TOTP(user.totp_secret).now()


def add_demo_persons(count, seed, progress=lambda done: None):
    """Add ``count`` fake persons with contacts and cases (the same ones for the same seed) to the demo NGOs."""
    names = [name for name, kind in DEMO_ORGANISATIONS if kind == OrganisationKind.NGO]
    generate_persons(names, count, seed, progress)
