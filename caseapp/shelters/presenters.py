"""What the shelters feature adds to the case page."""

from flask_login import current_user

from caseapp.auth.models import Role
from caseapp.core.clock import local_today
from caseapp.shelters.placements import placements_of_case
from caseapp.shelters.services import free_beds, shelters_of

PLACING_ROLES = (Role.SHELTER_STAFF, Role.COORDINATOR)


def case_section(case):
    """The case's placements, and whether the signed-in user may place or end them."""
    return {"placements": placements_of_case(case), "can_place": current_user.role in PLACING_ROLES}


def beds_panel():
    """The signed-in user's shelters and their free beds today, for the home page."""
    shelters = shelters_of(current_user)
    return {"shelters": shelters, "free": free_beds(shelters, local_today())}
