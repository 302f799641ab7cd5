"""``caseapp demo --persons N --seed S``: realistic, reproducible fake persons for the demo NGOs."""

from sqlalchemy import func, select

from caseapp.crypto.keys import new_keyring_document
from caseapp.demo import shelterwork
from caseapp.demo.services import DEMO_ORGANISATIONS
from caseapp.returns import demo as returns_demo
from caseapp.extensions import db
from caseapp.orgs.models import Organisation, OrganisationKind
from caseapp.persons.models import Gender, Person
from caseapp.persons.search import search_persons
from tests.conftest import run_cli
from tests.databases import committed_app

COUNTRIES = {"RO", "BG", "NG", "TH", "ES", "DK"}


def fake_persons():
    """The demo's fake persons in the NGOs (not the shelter operator's records of those referred to it), without
    the fixed people of the demo shelter work."""
    named = shelterwork.NAMES | returns_demo.NAMES
    return [p for p in db.session.scalars(select(Person).where(Person.organisation_id.in_(_ngos())))
            if (p.given_names, p.family_name) not in named]


def _ngos():
    return select(Organisation.id).where(Organisation.kind == OrganisationKind.NGO)


def ngo_persons():
    """How many persons the NGOs hold."""
    return db.session.scalar(select(func.count()).select_from(Person).where(Person.organisation_id.in_(_ngos())))


# The fixed people of the small demo in the NGOs (each placed one also has the shelter operator's own record).
FIXED = shelterwork.PERSONS - len(shelterwork.PLACED) + returns_demo.PERSONS


def persons_in(app):
    """Every person of ``app``'s database, decrypted, in a stable order."""
    with app.app_context():
        people = fake_persons()
        return sorted((p.given_names or "", p.family_name or "", str(p.date_of_birth), p.birth_year,
                       p.gender.value, p.citizenship, p.languages,
                       tuple(a.alias for a in p.aliases), tuple(n.number for n in p.phones)) for p in people)


def demo(app, *args):
    """Run ``caseapp demo`` with ``args``; return its output after checking it succeeded."""
    result = run_cli(app, ["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_same_seed_gives_the_same_persons_in_two_fresh_databases(committed_db, tmp_path):
    """Two fresh installations seeded alike hold the same persons; another seed gives others."""
    demo(committed_db, "--persons", "5", "--seed", "1")
    with committed_app(tmp_path, new_keyring_document()) as other:
        demo(other, "--persons", "5", "--seed", "1")
        assert persons_in(other) == persons_in(committed_db)
        demo(other, "--persons", "5", "--seed", "2")
        assert len(persons_in(other)) == 10 and persons_in(other)[:5] != persons_in(committed_db)
    assert len(persons_in(committed_db)) == 5


def test_persons_are_spread_over_the_demo_ngos_and_found_by_search(app):
    """Persons land in the NGOs, carry plausible coarse fields, and search finds them by name and phone."""
    output = demo(app, "--persons", "60", "--seed", "7")
    assert "60 demo persons added (seed 7)." in output
    people = fake_persons()
    assert len(people) == 60
    ngos = {name for name, kind in DEMO_ORGANISATIONS if kind == OrganisationKind.NGO}
    owners = {p.organisation_id for p in people}
    assert {db.session.get(Organisation, o).name for o in owners} == ngos
    assert {c for p in people for c in p.citizenship_codes} <= COUNTRIES
    assert {p.gender for p in people} <= set(Gender) and all(p.language_codes for p in people)
    assert sum(bool(p.aliases) for p in people) > 10 and sum(bool(p.phones) for p in people) > 30
    for person in people[:15]:
        query = " ".join(filter(None, (person.given_names, person.family_name)))
        assert person in search_persons(person.organisation_id, query).persons
        for phone in person.phones:
            assert person in search_persons(person.organisation_id, phone.number).persons


def test_plain_demo_starts_with_some_persons_and_adds_none_later(app):
    """A first ``caseapp demo`` adds 40 persons; running it again adds none and prints no personal data."""
    first = demo(app)
    assert "40 demo persons added" in first
    second = demo(app)
    assert "persons added" not in second
    assert ngo_persons() == 40 + FIXED
    for person in db.session.scalars(select(Person)):
        assert person.given_names not in first + second


def test_persons_option_adds_to_existing_demo_data(app):
    """``--persons`` adds persons even when the demo data already exists."""
    demo(app)
    assert "3 demo persons added" in demo(app, "--persons", "3")
    assert ngo_persons() == 43 + FIXED
