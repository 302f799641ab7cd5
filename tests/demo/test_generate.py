"""The bulk demo generator: national-scale proportions, rows the application reads like its own."""

from sqlalchemy import func, select

from caseapp.auth.services import find_user_by_email
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case, CaseEvent
from caseapp.cases.services import open_case
from caseapp.contacts.models import Contact
from caseapp.demo.services import DEMO_ACCOUNTS
from caseapp.extensions import db
from caseapp.orgs.models import Organisation, OrganisationKind
from caseapp.persons.models import Person
from tests.conftest import login, run_cli

PERSONS = 300


def _count(query):
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _demo_with_persons(app, count=PERSONS):
    assert run_cli(app, ["demo"]).exit_code == 0
    before = _count(select(Person.id).where(Person.organisation_id.in_(_ngos())))
    result = run_cli(app, ["demo", "--persons", str(count), "--seed", "3"])
    assert result.exit_code == 0, result.output
    return before


def _ngos():
    return select(Organisation.id).where(Organisation.kind == OrganisationKind.NGO)


def test_about_ten_contacts_and_two_cases_in_three_persons(app):
    """300 persons bring 2,100 to 4,500 contacts (some anonymous) and about 200 cases, every status among them."""
    before = _demo_with_persons(app)
    assert _count(select(Person.id).where(Person.organisation_id.in_(_ngos()))) - before == PERSONS
    contacts = _count(select(Contact.id))
    assert 7 * PERSONS <= contacts <= 15 * PERSONS, contacts
    assert _count(select(Contact.id).where(Contact.person_id.is_(None))) > PERSONS / 2
    cases = _count(select(Case.id).where(Case.organisation_id.in_(_ngos())))
    assert 0.55 * PERSONS < cases < 0.8 * PERSONS + 60, cases
    assert set(db.session.scalars(select(Case.status).distinct())) == set(CaseStatus)


def test_every_bulk_case_has_its_opening_on_the_timeline(app):
    """Each case starts its timeline with 'opened'; a decided one also shows the decision."""
    _demo_with_persons(app, 60)
    opened = select(CaseEvent.case_id).where(CaseEvent.kind == "opened")
    assert _count(select(Case.id).where(Case.id.not_in(opened))) == 0
    decided = select(Case.id).where(Case.decided_on.is_not(None))
    with_decision = select(CaseEvent.case_id).where(CaseEvent.kind == "decision")
    assert _count(decided.where(Case.id.not_in(with_decision))) == 0


def test_a_case_opened_after_the_bulk_load_takes_the_next_free_reference(app):
    """The reference counters moved on with the bulk cases: a new case never repeats a reference."""
    _demo_with_persons(app, 60)
    person = db.session.scalars(select(Person).join(Case, Case.person_id == Person.id).limit(1)).first()
    worker = db.session.get(Case, db.session.scalar(select(Case.id).where(Case.person_id == person.id))).assigned_to
    case = open_case(person.organisation_id, person, worker)
    same = select(Case.id).where(Case.organisation_id == case.organisation_id, Case.reference == case.reference)
    assert _count(same) == 1


def test_a_bulk_case_page_shows_the_decrypted_person(app, client):
    """A coordinator opens a bulk case of her organisation: the person's name, decrypted, is on the page."""
    _demo_with_persons(app, 60)
    account = next(a for a in DEMO_ACCOUNTS if a.email.startswith("coordinator@nordlys"))
    coordinator = find_user_by_email(account.email)
    case = db.session.scalars(select(Case).join(Person, Person.id == Case.person_id).where(
        Case.organisation_id == coordinator.organisation_id, Person.given_names_enc.is_not(None))
        .order_by(Case.reference.desc())).first()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, account.email, account.password)
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200
    assert case.person.given_names in page.get_data(as_text=True)
