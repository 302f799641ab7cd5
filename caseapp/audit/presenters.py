"""What the audit page shows for an entry: the action and target in words, and a link to the target's page."""

import uuid

from flask import current_app, url_for

# The page of each kind of target and the argument naming it (None: the page lists them all).
TARGET_PAGES = {
    "case": ("cases.show", "case_id"), "person": ("persons.show", "person_id"),
    "contact": ("contacts.show", "contact_id"), "shelter": ("shelters.show", "shelter_id"),
    "release": ("stats.show", "release_id"), "referral": ("referrals.show", "referral_id"),
    "return": ("returns.show", "return_id"), "user": ("admin.users", None),
}


def target_link(entry, role):
    """The URL of the entry's target when ``role`` may open that page, else None."""
    page = TARGET_PAGES.get(entry.target_type)
    if page is None or not entry.target_id:
        return None
    endpoint, argument = page
    view = current_app.view_functions.get(endpoint)
    if view is None or role not in getattr(view, "allowed_roles", ()):
        return None
    if argument is None:
        return url_for(endpoint)
    try:
        return url_for(endpoint, **{argument: uuid.UUID(entry.target_id)})
    except ValueError:
        return None
