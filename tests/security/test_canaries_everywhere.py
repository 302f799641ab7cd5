"""A person made of canary values, then every page, command and log: the canaries only leave encrypted.

Pages that exist to show the person (the person, case and contact pages, the
subject-access export) may show the decrypted values; nothing else may: no
URL, redirect, log line, command output, audit entry or database column.
"""

import io
import logging
import zipfile
from datetime import UTC, date, datetime

import pytest

from caseapp.auth.models import Role
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import add_note, give_consent, open_case
from caseapp.contacts.models import PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.orgs.services import create_organisation
from caseapp.referrals.models import SharedField
from caseapp.referrals.services import request_referral
from caseapp.shelters.placements import place
from caseapp.shelters.services import create_shelter
from caseapp.stats.services import ReleaseRequest, make_release

from tests.canaries import CANARY_ADDRESS, CANARY_NAME, CANARY_NOTE, CANARY_PHONE, found_in, plaintext_hits
from tests.conftest import login, post_form, run_cli
from tests.factories import new_person

# Pages whose purpose is to show the person to her own organisation.
SHOWS_THE_PERSON = {"persons.show", "persons.edit", "cases.show", "cases.open_case", "contacts.show",
                    "contacts.new_for_person", "retention.export", "retention.erase", "persons.search",
                    "contacts.index", "cases.index", "cases.mine",
                    # The shelter's own page: who is placed there, and its address.
                    "shelters.show", "shelters.edit",
                    # The return page (also opened at one follow-up): destination, plan and follow-up notes.
                    "returns.show", "returns.record"}
COMMANDS = [["audit", "verify"], ["crypto", "status"], ["retention", "run", "--dry-run"],
            ["stats", "export", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"],
            ["stats", "export", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv"],
            ["stats", "releases"], ["stats", "match-keys"]]


@pytest.fixture
def canary_world(org_a, make_user):
    """A coordinator and a person, case and contact full of canaries."""
    coordinator = make_user(org_a, Role.COORDINATOR, locale="en")
    person = new_person(org_a, by=coordinator, given_names=CANARY_NAME, family_name=CANARY_NAME, aliases=[CANARY_NAME],
                        phones=[CANARY_PHONE], notes=CANARY_NOTE, address=CANARY_NOTE, identity_document=CANARY_NOTE)
    case = open_case(org_a.id, person, coordinator)
    add_note(case, coordinator, CANARY_NOTE)
    give_consent(case, coordinator, ConsentPurpose.KEEP_DATA)
    contact = log_contact(org_a.id, coordinator.id, ContactData(
        occurred_at=datetime(2026, 1, 5, 12, tzinfo=UTC), place_type=PlaceType.STREET, note=CANARY_NOTE),
        person=person)
    shelter = create_shelter(org_a.id, name="Canary shelter", capacity=2, address=CANARY_ADDRESS)
    placement = place(case, coordinator, shelter=shelter, starts_on=date(2026, 1, 6),
                      over_capacity_reason=None)
    give_consent(case, coordinator, ConsentPurpose.SHARE_OTHER_ORGANISATION)
    operator = create_organisation(name="Canary operator", kind="shelter_operator")
    create_shelter(operator.id, name="Operator house", capacity=2)
    referral = request_referral(case, coordinator, operator, list(SharedField))
    release = make_release(ReleaseRequest(date(2026, 1, 1), date(2026, 12, 31), org_a.id, "en", coordinator.id))
    return {"user": coordinator, "person": person, "case": case, "contact": contact, "organisation": org_a,
            "shelter": shelter, "placement": placement, "referral": referral, "release": release,
            "return": _canary_return(org_a, coordinator)}


def _canary_return(org_a, coordinator):
    """A departed return of a canary person: canary region, plan note and follow-up note."""
    from caseapp.cases.services import record_decision
    from caseapp.returns.followups import record_follow_up
    from caseapp.returns.models import PackField
    from caseapp.returns.organisations import add_return_organisation
    from caseapp.returns.plan import add_item
    from caseapp.returns.services import advance, refer

    person = new_person(org_a, by=coordinator, given_names=CANARY_NAME, family_name=CANARY_NAME,
                        phones=[CANARY_PHONE])
    case = open_case(org_a.id, person, coordinator)
    record_decision(case, coordinator, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                    decided_on=date(2026, 1, 2), version=case.version)
    give_consent(case, coordinator, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    prepared = refer(case, coordinator, add_return_organisation("Canary IOM"), fields=list(PackField),
                     country="RO", region=CANARY_NOTE)
    add_item(prepared, coordinator, "housing", CANARY_NOTE)
    for target in ("accepted", "travel_planned", "departed"):
        advance(prepared, coordinator, target, prepared.version, on=date(2026, 1, 20))
    first = prepared.follow_ups[0]
    record_follow_up(first, coordinator, first.version, done_on=first.due_on, channel="phone", outcome="reached",
                     note=CANARY_NOTE)
    return prepared


def _targets(world):
    return {"person_id": world["person"].id, "case_id": world["case"].id, "contact_id": world["contact"].id,
            "shelter_id": world["shelter"].id, "placement_id": world["placement"].id,
            "referral_id": world["referral"].id,
            "user_id": world["user"].id, "organisation_id": world["organisation"].id,
            "release_id": world["release"].id, "fmt": "csv", "name": "trend",
            "return_id": world["return"].id, "plan_item_id": world["return"].items[0].id,
            "follow_up_id": world["return"].follow_ups[1].id,
            "return_organisation_id": world["return"].return_organisation_id}


def _get_routes(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            yield rule


def test_canaries_never_leave_except_to_their_own_pages(app, client, canary_world, caplog):
    """Every GET page, the search, the commands: no canary in URLs, logs, outputs, other pages or the database."""
    caplog.set_level(logging.DEBUG)
    login(client, canary_world["user"].email)
    targets = _targets(canary_world)
    leaks = []
    for rule in _get_routes(app):
        url = rule.build({arg: targets[arg] for arg in rule.arguments})[1]
        response = client.get(url)
        leaks += [("url", url, n) for n in found_in(url + response.headers.get("Location", ""))]
        if rule.endpoint not in SHOWS_THE_PERSON:
            leaks += [("page", url, n) for n in found_in(response.get_data(as_text=True))]
    for fmt in ("csv", "xlsx", "json"):
        leaks += [("export", fmt, n) for n in found_in(_unpacked(client.get(
            f"/stats/releases/{canary_world['release'].id}/files/{fmt}").data))]
    leaks += _pack_leaks(client, canary_world["return"])
    post_form(client, "/persons/", {"query": CANARY_NAME})
    post_form(client, "/persons/", {"query": CANARY_PHONE})
    for command in COMMANDS:
        output = run_cli(app, command).output
        leaks += [("command", " ".join(command), n) for n in found_in(output)]
    leaks += [("log", "caplog", n) for n in found_in(caplog.text)]
    leaks += [("database", f"{table}.{column}", n) for table, column, n in plaintext_hits()]
    assert leaks == []


def _pack_leaks(client, prepared):
    """The referral pack: the canary name only inside the PDF when ticked, never in its name or headers."""
    from pypdf import PdfReader

    path, leaks = f"/returns/{prepared.id}", []
    for fields, expected in ((["given_names", "travel_date"], [CANARY_NAME]), (["travel_date"], [])):
        token = _csrf(client, path)
        response = client.post(f"{path}/pack", data={"pack-csrf_token": token, "pack-fields": fields})
        text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
        leaks += [("pack headers", path, n) for n in found_in(str(response.headers))]
        if found_in(text) != expected:
            leaks.append(("pack", ",".join(fields), found_in(text)))
    return leaks


def _csrf(client, path):
    from tests.conftest import CSRF_RE

    return CSRF_RE.search(client.get(path).get_data(as_text=True)).group(1)


def _unpacked(content):
    """The bytes of a file, and of every member when it is a zip (an XLSX)."""
    if not content.startswith(b"PK"):
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_the_person_page_really_shows_the_canaries(client, canary_world):
    """Guards the test above: the canaries are real values the app decrypts for her own organisation."""
    login(client, canary_world["user"].email)
    page = client.get(f"/persons/{canary_world['person'].id}").get_data(as_text=True)
    assert CANARY_NAME in page and CANARY_NOTE in page
