"""What the shelters feature adds to the case page."""

from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.models import Role
from caseapp.core.clock import local_today
from caseapp.core.i18n import format_date
from caseapp.shelters.placements import placements_of_case
from caseapp.shelters.services import free_beds, shelters_of

PLACING_ROLES = (Role.SHELTER_STAFF, Role.COORDINATOR)


def case_section(case):
    """The case's placements, and whether the signed-in user may place or end them."""
    placements = placements_of_case(case)
    return {"placements": placements, "can_place": current_user.role in PLACING_ROLES,
            "summary": _placement_summary(placements)}


def _placement_summary(placements):
    current = next((placement for placement in placements if placement.end_reason is None), None)
    if current is None:
        return _("Not placed")
    return _("%(shelter)s since %(date)s", shelter=current.shelter.name, date=format_date(current.starts_on))


def beds_panel():
    """The signed-in user's shelters and their free beds today, for the home page."""
    shelters = shelters_of(current_user)
    return {"shelters": shelters, "free": free_beds(shelters, local_today())}
