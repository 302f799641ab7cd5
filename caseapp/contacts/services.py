"""Contact domain logic: logging a contact (for nobody, a known person or a new one) and listing them.

Every function takes the organisation id and only ever touches that
organisation's contacts and persons. Flushes, never commits.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseapp.cases.services import record_contact
from caseapp.contacts.models import Contact, PlaceType
from caseapp.core.database import filter_only
from caseapp.core.pagination import page_of
from caseapp.core.models import join_codes
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.persons.services import create_person

RECENT_LIMIT = 5
# Both columns descending, so the list walks its index backwards on both databases.
NEWEST_FIRST = (Contact.occurred_at.desc(), Contact.id.desc())


class ContactError(ValueError):
    """The contact cannot be saved as asked; the message is user-facing."""


@dataclass
class ContactData:
    """What a contact form submits, already validated; ``occurred_at`` is in UTC."""

    occurred_at: datetime
    place_type: PlaceType
    municipality: str | None = None
    language: str | None = None
    interpreter_used: bool = False
    indicators: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    note: str | None = None


def log_contact(organisation_id, actor_id, data, *, person=None, new_person=None):
    """Save a contact, for nobody, for ``person`` or for a person created from ``new_person``.

    A contact with a person goes on the timeline of that person's cases that
    are not closed.
    """
    if person is not None and new_person is not None:
        raise ContactError(_l("A contact names one person at most."))
    if person is not None and person.organisation_id != organisation_id:
        raise ContactError(_l("This person belongs to another organisation."))
    if new_person is not None:
        person = create_person(organisation_id, actor_id, new_person)
    contact = Contact(
        organisation_id=organisation_id, person=person, created_by_id=actor_id,
        occurred_at=data.occurred_at, place_type=PlaceType(data.place_type),
        municipality=data.municipality or None, language=data.language or None,
        interpreter_used=bool(data.interpreter_used),
        indicators=join_codes(data.indicators), services=join_codes(data.services),
    )
    note = (data.note or "").strip()
    contact.note = note or None
    db.session.add(contact)
    db.session.flush()
    record_contact(contact, actor_id)
    return contact


def get_contact(organisation_id, contact_id):
    """The organisation's contact with this id (its person and aliases loaded), or None."""
    query = (select(Contact).where(Contact.id == contact_id, Contact.organisation_id == organisation_id)
             .options(selectinload(Contact.person).selectinload(Person.aliases)))
    return db.session.scalar(query)


def list_contacts(organisation_id, page=1, per_page=50, within=None):
    """One page of the organisation's contacts, newest first (a ``Page``): a fixed number of queries.

    ``within``: a select of the contact ids the user may see, when their role sees fewer.
    """
    conditions = [Contact.organisation_id == organisation_id]
    if within is not None:
        conditions.append(Contact.id.in_(within))
    rows = (select(Contact).where(*conditions).order_by(*NEWEST_FIRST)
            .options(selectinload(Contact.person).selectinload(Person.aliases)))
    return page_of(rows, select(Contact.id).where(*conditions), max(page, 1), per_page)


def recent_contacts(organisation_id, person_id, limit=RECENT_LIMIT):
    """The person's latest contacts with the organisation, newest first."""
    # The person's index drives the query (see filter_only); the organisation is checked on her rows.
    query = (select(Contact).where(filter_only(Contact.organisation_id) == organisation_id,
                                   Contact.person_id == person_id)
             .order_by(*NEWEST_FIRST).limit(limit))
    return db.session.scalars(query).all()
