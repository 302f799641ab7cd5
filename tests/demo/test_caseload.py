"""A larger bulk demo run looks like a real caseload: mostly closed history, recent open work, shelters not
overfilled."""

from datetime import timedelta

from sqlalchemy import select

from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case
from caseapp.core.clock import local_today
from caseapp.extensions import db
from caseapp.orgs.models import Organisation, OrganisationKind
from caseapp.shelters.models import Shelter
from caseapp.shelters.services import free_beds
from tests.conftest import run_cli

PERSONS = 1200
FINISHED = (CaseStatus.CLOSED, CaseStatus.NOT_VICTIM)


def _ngo_cases():
    ngos = select(Organisation.id).where(Organisation.kind == OrganisationKind.NGO)
    return select(Case.status, Case.opened_at).where(Case.organisation_id.in_(ngos))


def _generate(app):
    assert run_cli(app, ["demo"]).exit_code == 0
    result = run_cli(app, ["demo", "--persons", str(PERSONS), "--seed", "5"])
    assert result.exit_code == 0, result.output


def test_open_cases_are_a_recent_minority_and_shelters_are_not_overfilled(app):
    """Most cases are closed or not a victim, spread over years; open ones opened within the last year;
    no shelter holds more people today than it has beds."""
    _generate(app)
    cases = db.session.execute(_ngo_cases()).all()
    open_cases = [opened for status, opened in cases if status not in FINISHED]
    assert len(cases) > PERSONS / 2 and len(open_cases) < 0.15 * len(cases), (len(open_cases), len(cases))
    year_ago = local_today() - timedelta(days=366)
    assert all(opened.date() >= year_ago for opened in open_cases)
    five_years_ago = local_today() - timedelta(days=5 * 365)
    assert sum(opened.date() < five_years_ago for status, opened in cases) > len(cases) / 2
    beds = free_beds(db.session.scalars(select(Shelter)).all(), local_today())
    assert beds and min(beds.values()) >= 0, beds


def test_a_full_shelter_takes_no_one_in(app):
    """With every bed taken before the run, the run leaves the shelters exactly full, never over."""
    assert run_cli(app, ["demo"]).exit_code == 0
    shelters = db.session.scalars(select(Shelter)).all()
    for shelter, free in zip(shelters, [free_beds([shelter], local_today())[shelter.id] for shelter in shelters]):
        shelter.capacity -= free
    db.session.commit()
    result = run_cli(app, ["demo", "--persons", "300", "--seed", "6"])
    assert result.exit_code == 0, result.output
    assert set(free_beds(db.session.scalars(select(Shelter)).all(), local_today()).values()) == {0}
