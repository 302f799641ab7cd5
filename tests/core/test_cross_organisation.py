"""No role of organisation B can read or change organisation A's data through any route.

The routes are read from the URL map, so a new route with an id in its URL
is covered without anyone remembering to add it here.
"""

import pytest

from caseapp.auth.models import ORGANISATION_ROLES, Role, User
from caseapp.auth.services import create_user
from caseapp.cases.models import Case, ConsentPurpose
from caseapp.cases.services import give_consent, open_case, record_decision, timeline
from caseapp.contacts.models import PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.core.models import utcnow
from caseapp.extensions import db
from caseapp.orgs.services import create_organisation
from caseapp.persons.models import Person
from caseapp.referrals.models import Referral
from caseapp.referrals.services import request_referral
from caseapp.returns.models import FollowUp, PlanItem, PreparedReturn, ReturnOrganisation
from caseapp.shelters.models import Placement, Shelter
from caseapp.shelters.placements import place
from caseapp.shelters.services import create_shelter
from caseapp.stats.services import ReleaseRequest, make_release

from tests.conftest import PASSWORD, csrf_token, login
from tests.factories import new_person

# For each URL argument, which of organisation A's objects to aim at.
TARGETS = {
    "user_id": lambda objects: objects["user"].id,
    "organisation_id": lambda objects: objects["organisation"].id,
    "person_id": lambda objects: objects["person"].id,
    "case_id": lambda objects: objects["case"].id,
    "contact_id": lambda objects: objects["contact"].id,
    "shelter_id": lambda objects: objects["shelter"].id,
    "placement_id": lambda objects: objects["placement"].id,
    "referral_id": lambda objects: objects["referral"].id,
    "release_id": lambda objects: objects["release"].id,
    "return_id": lambda objects: objects["return"].id,
    "plan_item_id": lambda objects: objects["return"].items[0].id,
    "follow_up_id": lambda objects: objects["return"].follow_ups[0].id,
    # Installation data only the system administrator keeps (no organisation role may change it).
    "return_organisation_id": lambda objects: objects["return"].return_organisation_id,
    # Not ids: which file and which chart of organisation A's release.
    "fmt": lambda objects: "csv",
    "name": lambda objects: "trend",
}
# Form fields an attacker would send to change things; none may take effect.
HOSTILE_FORM = {"given_names": "Overwritten", "note": "Overwritten", "status": "closed", "outcome": "other",
                "purpose": "share_police", "on": "2026-01-01", "exploitation": "Other", "name": "Overwritten",
                "capacity": "0", "ends_on": "2026-01-02", "reason": "other", "starts_on": "2026-01-01",
                "accept": "Accept", "decided_on": "2026-01-01", "decided_by": "dis", "deadline": "2026-03-01"}
SHELTER_ADDRESS = "Secretaddress 9"


def org_a_objects(org_a, victim):
    """One object of each kind in organisation A."""
    person = new_person(org_a, by=victim, given_names="Secretia", family_name="Hiddenova")
    case = open_case(org_a.id, person, victim)
    contact = log_contact(org_a.id, victim.id, ContactData(occurred_at=utcnow(), place_type=PlaceType.STREET),
                          person=person)
    shelter = create_shelter(org_a.id, name="Safe A", capacity=3, address=SHELTER_ADDRESS)
    placement = place(case, victim, shelter=shelter, starts_on=utcnow().date())
    today = utcnow().date()
    release = make_release(ReleaseRequest(today.replace(month=1, day=1), today, org_a.id, "en", victim.id))
    return {"user": victim, "organisation": org_a, "person": person, "case": case, "contact": contact,
            "shelter": shelter, "placement": placement, "referral": referral_to(org_a), "release": release,
            "return": departed_return(org_a, victim)}


def departed_return(org_a, victim):
    """A departed return of organisation A with a plan item and its follow-ups."""
    from caseapp.returns.organisations import add_return_organisation
    from caseapp.returns.plan import add_item
    from caseapp.returns.services import advance, refer

    case = open_case(org_a.id, new_person(org_a, by=victim, given_names="Secretia"), victim)
    record_decision(case, victim, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                    decided_on=utcnow().date(), version=case.version)
    give_consent(case, victim, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    prepared = refer(case, victim, add_return_organisation("IOM"), fields=["given_names"], country="RO",
                     region="Secretia town")
    add_item(prepared, victim, "housing", "Secretia flat")
    for target in ("accepted", "travel_planned", "departed"):
        advance(prepared, victim, target, prepared.version, on=utcnow().date())
    return prepared


def referral_to(org_a):
    """A referral from a third organisation's case to organisation A (A's to answer, nobody else's)."""
    third = create_organisation(name="Third NGO", kind="ngo")
    worker = create_user(email="third@example.org", display_name="Third", role=Role.OUTREACH, password=PASSWORD,
                         organisation=third)
    case = open_case(third.id, new_person(third, by=worker, given_names="Secretia"), worker)
    give_consent(case, worker, ConsentPurpose.SHARE_OTHER_ORGANISATION)
    return request_referral(case, worker, org_a, ["given_names", "gender"])


def snapshot(objects):
    """What must not change: versions, account state and the case timeline length."""
    db.session.expire_all()
    user = db.session.get(User, objects["user"].id)
    case = db.session.get(Case, objects["case"].id)
    shelter = db.session.get(Shelter, objects["shelter"].id)
    return (user.active, user.password_hash, user.version, db.session.get(Person, objects["person"].id).version,
            case.version, len(timeline(case)), shelter.name, shelter.capacity,
            db.session.get(Placement, objects["placement"].id).version,
            db.session.get(Referral, objects["referral"].id).status,
            db.session.get(ReturnOrganisation, objects["return"].return_organisation_id).name,
            db.session.get(PreparedReturn, objects["return"].id).version,
            db.session.get(FollowUp, objects["return"].follow_ups[0].id).version,
            db.session.get(PlanItem, objects["return"].items[0].id).version)


def id_routes(app):
    """Every (rule, methods) whose URL carries an object id."""
    for rule in app.url_map.iter_rules():
        if rule.arguments and rule.endpoint != "static":
            yield rule, sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_every_id_argument_has_a_target(app):
    """Fails when a route takes an id this matrix does not know how to aim at."""
    unknown = {arg for rule, _ in id_routes(app) for arg in rule.arguments if arg not in TARGETS}
    assert not unknown, f"add these URL arguments to TARGETS: {unknown}"


@pytest.mark.parametrize("role", ORGANISATION_ROLES)
def test_other_organisation_gets_403_or_404_everywhere(app, client, org_a, org_b, make_user, role):
    """Every id route answers 403 or 404 to org B's users and changes nothing of org A."""
    victim = make_user(org_a, email="a-user@example.org", display_name="A Secret Name")
    objects = org_a_objects(org_a, victim)
    before = snapshot(objects)
    login(client, make_user(org_b, role).email)
    token = csrf_token(client, "/home")
    for rule, methods in id_routes(app):
        url = rule.build({arg: TARGETS[arg](objects) for arg in rule.arguments})[1]
        for method in methods:
            data = {**HOSTILE_FORM, "csrf_token": token, "version": 1}
            response = client.open(url, method=method, data=data)
            assert response.status_code in (403, 404), f"{method} {url} answered {response.status_code}"
            page = response.get_data(as_text=True)
            assert "A Secret Name" not in page and "Secretia" not in page and SHELTER_ADDRESS not in page
    assert snapshot(objects) == before


def list_routes(app):
    """Every page without an id in its URL (lists, searches, forms)."""
    for rule in app.url_map.iter_rules():
        if not rule.arguments and "GET" in rule.methods:
            yield rule.rule


@pytest.mark.parametrize("role", ORGANISATION_ROLES)
def test_other_organisations_lists_never_show_organisation_a(app, client, org_a, org_b, make_user, role):
    """Lists, searches and forms of org B's users show nothing of org A, not even to a search by name."""
    victim = make_user(org_a, email="a-user@example.org", display_name="A Secret Name")
    org_a_objects(org_a, victim)
    login(client, make_user(org_b, role).email)
    for path in list_routes(app):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert "Secretia" not in page and "A Secret Name" not in page and "a-user@example.org" not in page, path
    token = csrf_token(client, "/home")
    searched = client.post("/persons/", data={"csrf_token": token, "query": "Secretia Hiddenova"})
    if searched.status_code == 200:  # admins may not search persons at all (403)
        assert "0 personer fundet" in searched.get_data(as_text=True)
    else:
        assert searched.status_code == 403
