"""The bulk demo generator's placements, reflection periods, referrals, returns and follow-ups, as the
features' own pages, task list and statistics read them."""

from datetime import timedelta

from sqlalchemy import func, select

from caseapp.auth.services import find_user_by_email
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import Case, CaseEvent
from caseapp.core.clock import local_today
from caseapp.crypto.keys import new_keyring_document
from caseapp.demo.caseload import HISTORY_DAYS
from caseapp.demo.services import DEMO_ACCOUNTS
from caseapp.extensions import db
from caseapp.orgs.models import Organisation, OrganisationKind
from caseapp.referrals.models import Referral, ReferralStatus
from caseapp.reflection.models import DecisionKind, ReflectionDecision, ReflectionPeriod
from caseapp.returns import demo as returns_demo
from caseapp.returns.models import FollowUp, PreparedReturn, ReturnStatus
from caseapp.shelters.models import Placement
from caseapp.stats import counting, matching, services
from tests.conftest import login, run_cli
from tests.databases import committed_app

SEED = "5"


def _count(query):
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _generate(app, persons="60"):
    for args in (["demo"], ["demo", "--persons", persons, "--seed", SEED]):
        result = run_cli(app, args)
        assert result.exit_code == 0, result.output


def _ngo_cases():
    return select(Case.id).join(Organisation, Organisation.id == Case.organisation_id).where(
        Organisation.kind == OrganisationKind.NGO)


def test_sixty_persons_bring_every_kind_of_casework(app):
    """Placements, periods (some extended), referrals taken in and pending, returns in several steps,
    follow-ups recorded and still due: every case from reflection on has its period."""
    _generate(app)
    later = (CaseStatus.REFLECTION, CaseStatus.RETURN, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED)
    with_period = select(ReflectionPeriod.case_id)
    without = db.session.scalars(select(Case).where(Case.status.in_(later[:3]), Case.id.not_in(with_period)))
    assert {(c.person.given_names, c.person.family_name) for c in without} <= returns_demo.NAMES
    assert _count(select(ReflectionDecision.id).where(ReflectionDecision.kind == DecisionKind.EXTENSION)) > 0
    assert _count(select(Placement.id).where(Placement.ends_on.is_(None))) > 5
    assert _count(select(Placement.id).where(Placement.ends_on.is_not(None))) > 0
    referred = set(db.session.scalars(select(Referral.status).where(Referral.from_case_id.in_(_ngo_cases()))))
    assert {ReferralStatus.REQUESTED, ReferralStatus.PLACED} <= referred
    statuses = set(db.session.scalars(select(PreparedReturn.status)))
    assert ReturnStatus.DEPARTED in statuses and len(statuses) >= 3, statuses
    assert _count(select(FollowUp.id).where(FollowUp.done_on.is_not(None))) > 0
    assert _count(select(FollowUp.id).where(FollowUp.done_on.is_(None))) > 0


def test_dates_follow_each_other_as_the_features_record_them(app):
    """No placement before the decision, no follow-up recorded in the future or before it was due, no
    referral answered before it was sent, nor a receiving case opened after the answer."""
    _generate(app)
    today = local_today()
    early = select(Placement.id).join(Case, Case.id == Placement.case_id).where(
        Placement.starts_on < Case.decided_on)
    assert _count(early) == 0
    assert _count(select(FollowUp.id).where(FollowUp.done_on > today)) == 0
    assert _count(select(FollowUp.id).where(FollowUp.done_on < FollowUp.due_on)) == 0
    assert _count(select(ReflectionPeriod.id).where(ReflectionPeriod.deadline < ReflectionPeriod.starts_on)) == 0
    assert _count(select(Referral.id).where(Referral.decided_at <= Referral.requested_at)) == 0
    received = select(Case.opened_at).where(Case.id == Referral.to_case_id).scalar_subquery()
    assert _count(select(Referral.id).where(Referral.to_case_id.is_not(None), received > Referral.decided_at)) == 0
    departed = db.session.scalars(select(PreparedReturn).where(PreparedReturn.status == ReturnStatus.DEPARTED))
    for prepared in departed:
        assert [f.due_on > prepared.departed_on for f in prepared.follow_ups] == [True] * len(prepared.follow_ups)


def _summary():
    """What the generated rows say, without their random ids."""
    queries = (select(Placement.starts_on, Placement.ends_on, Placement.end_reason),
               select(ReflectionPeriod.starts_on, ReflectionPeriod.deadline), select(Referral.status),
               select(PreparedReturn.status, PreparedReturn.destination_country, PreparedReturn.status_on),
               select(FollowUp.number, FollowUp.due_on, FollowUp.done_on))
    return [sorted((tuple(row) for row in db.session.execute(query)), key=repr) for query in queries]


def test_the_same_seed_gives_the_same_casework(committed_db, tmp_path):
    """Two fresh installations generated with one seed hold the same placements, periods, referrals, returns
    and follow-ups."""
    _generate(committed_db, "30")
    with committed_db.app_context():
        first = _summary()
    with committed_app(tmp_path, new_keyring_document()) as other:
        _generate(other, "30")
        with other.app_context():
            assert _summary() == first
    assert first[0] and first[1] and first[4]


def _signed_in(client, email):
    account = next(a for a in DEMO_ACCOUNTS if a.email == email)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, account.email, account.password)
    return find_user_by_email(email)


def test_case_pages_and_task_list_of_generated_cases_render(app, client):
    """The Nordlys coordinator opens a returned, a referred and a reflection case, then her task list."""
    _generate(app)
    coordinator = _signed_in(client, "coordinator@nordlys.example.org")
    mine = select(Case.id).where(Case.organisation_id == coordinator.organisation_id)
    chosen = [db.session.scalar(select(PreparedReturn.case_id).where(
                  PreparedReturn.status == ReturnStatus.DEPARTED, PreparedReturn.case_id.in_(mine)).limit(1)),
              db.session.scalar(select(Referral.from_case_id).where(Referral.from_case_id.in_(mine)).limit(1)),
              db.session.scalar(select(ReflectionPeriod.case_id).where(ReflectionPeriod.case_id.in_(mine)).limit(1))]
    for case_id in chosen:
        page = client.get(f"/cases/{case_id}")
        assert page.status_code == 200
        assert db.session.get(Case, case_id).reference in page.get_data(as_text=True)
    tasks = client.get("/tasks/")
    assert tasks.status_code == 200
    text = tasks.get_data(as_text=True)
    assert "Follow-up contact" in text


def test_the_shelter_sees_the_generated_placements(app, client):
    """The Tryghus coordinator opens a case taken in by referral: its placement is on the case page."""
    _generate(app)
    coordinator = _signed_in(client, "coordinator@tryghus.example.org")
    received = select(Referral.to_case_id).where(Referral.status == ReferralStatus.PLACED)
    case_id = db.session.scalar(select(Placement.case_id).where(
        Placement.organisation_id == coordinator.organisation_id, Placement.case_id.in_(received),
        Placement.starts_on < local_today() - timedelta(days=2)).order_by(Placement.starts_on).limit(1))
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "Placed in a shelter" in page.get_data(as_text=True)


def _figures():
    matching.refresh_keys(matching.stale_person_ids())
    today = local_today()
    # The whole history the generator spreads its closed cases over.
    since = today - timedelta(days=HISTORY_DAYS + 30)
    return counting.count(services.scope_ids(None), (since, today)).services


def test_the_indicator_counts_the_generated_placements_and_periods(app):
    """Each generated placement is one more person placed; each NGO case's period one more person granted
    one (the shelter's own record of a referred person is the same person)."""
    assert run_cli(app, ["demo"]).exit_code == 0
    ngo_periods = select(ReflectionPeriod.id).where(ReflectionPeriod.case_id.in_(_ngo_cases()))
    before, placements, periods = _figures(), _count(select(Placement.id)), _count(ngo_periods)
    result = run_cli(app, ["demo", "--persons", "60", "--seed", SEED])
    assert result.exit_code == 0, result.output
    after = _figures()
    added = _count(select(Placement.id)) - placements
    assert added > 5 and after["shelter_placements"] - before["shelter_placements"] == added
    assert _count(ngo_periods) - periods > 5
    assert after["reflection_started"] - before["reflection_started"] == _count(ngo_periods) - periods
