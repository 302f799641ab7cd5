"""Role groups, defined once and used by views, services, navigation and templates."""

from caseapp.auth.models import ORGANISATION_ROLES, Role

# Work with persons, contacts and cases.
CASE_WORKER_ROLES = (Role.OUTREACH, Role.SHELTER_STAFF, Role.COORDINATOR)
# Oversee the organisation: its audit trail.
OVERSIGHT_ROLES = (Role.COORDINATOR, Role.ADMIN)
# Every role that belongs to an organisation (all but the system administrator).
MEMBER_ROLES = tuple(ORGANISATION_ROLES)
EVERY_ROLE = tuple(Role)
# Erase a person on request and export what is held about them.
ERASURE_ROLES = (Role.COORDINATOR,)
# Add shelters and assign their staff.
SHELTER_ADMIN_ROLES = (Role.ADMIN,)
