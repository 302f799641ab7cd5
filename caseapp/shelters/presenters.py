"""What the shelters feature adds to the case page."""

from caseapp.auth.models import Role
from caseapp.shelters.placements import placements_of_case
from caseapp.shelters.services import free_beds, shelters_of

PLACING_ROLES = (Role.SHELTER_STAFF, Role.COORDINATOR)


def case_section(case, user):
    """The case's placements, and whether the user may place or end them."""
    return {"placements": placements_of_case(case), "can_place": user.role in PLACING_ROLES}


def beds_panel(user, today):
    """The user's shelters and their free beds today, for the home page."""
    shelters = shelters_of(user)
    return {"shelters": shelters, "free": free_beds(shelters, today)}
