"""What erasure and subject access need of contacts."""

from sqlalchemy import select

from caseapp.contacts.models import Contact
from caseapp.core.exports import fields_json
from caseapp.extensions import db

CONTACT_FIELDS = ("id", "occurred_at", "place_type", "municipality", "language", "interpreter_used", "note")


def anonymise_contacts(organisation_id, person_id, _case_ids):
    """Unlink the person's contacts and drop their notes: they stay as anonymous contacts."""
    for contact in _contacts_of(organisation_id, person_id):
        contact.person = None
        contact.note = None
    # Before the person's row goes: the contacts must no longer point at it.
    db.session.flush()


def export_contacts(organisation_id, person):
    """The person's contacts in the organisation, decrypted."""
    return [{**fields_json(contact, CONTACT_FIELDS), "indicators": contact.indicator_codes,
             "services": contact.service_codes} for contact in _contacts_of(organisation_id, person.id)]


def _contacts_of(organisation_id, person_id):
    query = (select(Contact).where(Contact.organisation_id == organisation_id, Contact.person_id == person_id)
             .order_by(Contact.occurred_at))
    return db.session.scalars(query).all()
