"""What shelter staff may see: the cases placed with their shelters, and their own.

A case stays visible for ``PLACEMENT_VISIBLE_DAYS`` (default 90) after its
placement with one of their shelters ended. Cases assigned to them, and
persons and contacts they recorded themselves, stay visible too.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select

from caseapp.cases.models import Case
from caseapp.contacts.models import Contact
from caseapp.core.clock import local_today
from caseapp.core.scopes import Scope
from caseapp.persons.models import Person
from caseapp.shelters.models import Placement, ShelterStaff


def placed_case_ids(user, today=None):
    """A SELECT of the case ids placed with the user's shelters now or within the visibility window."""
    since = (today or local_today()) - timedelta(days=current_app.config["PLACEMENT_VISIBLE_DAYS"])
    shelters = select(ShelterStaff.shelter_id).where(ShelterStaff.user_id == user.id)
    return select(Placement.case_id).where(Placement.shelter_id.in_(shelters),
                                           or_(Placement.ends_on.is_(None), Placement.ends_on >= since))


def shelter_staff_scope(user):
    """The Scope of a shelter staff member."""
    org = user.organisation_id
    # Checked on each case row: the placed cases are few (a shelter's recent stays), the assigned ones may
    # be thousands after years of work, and a list of them would be built for every query.
    case_rows = and_(Case.organisation_id == org, or_(Case.assigned_to_id == user.id,
                                                      Case.id.in_(placed_case_ids(user))))
    cases = select(Case.id).where(case_rows)
    persons = select(Person.id).where(Person.organisation_id == org, or_(
        Person.id.in_(select(Case.person_id).where(Case.id.in_(cases))), Person.created_by_id == user.id))
    contacts = select(Contact.id).where(Contact.organisation_id == org, or_(
        Contact.person_id.in_(persons), Contact.created_by_id == user.id))
    return Scope(cases=cases, persons=persons, contacts=contacts, case_rows=case_rows)
