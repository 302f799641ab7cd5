"""The possible-duplicate rule shared by the person and contact forms: show likely matches before saving."""

from caseapp.core.audit import record_view
from caseapp.persons.search import possible_duplicates


def duplicates_to_confirm(organisation_id, data, confirmed):
    """Possible duplicates of a new person's ``data`` to show before saving; [] when it may be saved."""
    if confirmed:
        return []
    duplicates = possible_duplicates(organisation_id, data)
    if duplicates:
        record_view("duplicates", person_ids=[person.id for person in duplicates])
    return duplicates
