"""Ids and search terms the page benchmark asks for, read from the benchmarked database."""

from dataclasses import dataclass

from sqlalchemy import func, select


@dataclass(frozen=True)
class Sample:
    """What the benchmark requests: pages by id, and searches for one real person."""

    last_page: int
    case_id: str
    person_id: str
    name: str
    phone: str
    born: str


def pick(database_url, email):
    """A sample from the organisation of the user with ``email``: its middle case and a person with a phone."""
    from caseapp import create_app
    from caseapp.auth.services import find_user_by_email
    from caseapp.cases.models import Case
    from caseapp.extensions import db
    from caseapp.persons.models import Person, PersonPhone

    app = create_app("development", overrides={"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        organisation = find_user_by_email(email).organisation_id
        cases = db.session.scalar(select(func.count(Case.id)).where(Case.organisation_id == organisation))
        case_id = db.session.scalar(select(Case.id).where(Case.organisation_id == organisation)
                                    .order_by(Case.opened_at).offset(cases // 2).limit(1))
        person = db.session.scalars(select(Person).join(PersonPhone).where(
            Person.organisation_id == organisation, Person.date_of_birth_enc.is_not(None),
            Person.family_name_enc.is_not(None)).limit(1)).first()
        per_page = app.config["PAGE_SIZE"]
        return Sample(max(1, -(-cases // per_page)), str(case_id), str(person.id),
                      f"{person.given_names} {person.family_name}", person.phones[0].number,
                      person.date_of_birth.isoformat())
