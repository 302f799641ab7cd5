"""The erase page and the subject-access export: coordinators of the person's organisation only."""

import json

import pytest
from sqlalchemy import select

from caseapp.auth.models import Role
from caseapp.core.signals import personal_data_viewed
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.stats.models import StatisticalStub
from tests.conftest import login, post_form
from tests.retention.conftest import CANARY_ALIAS, CANARY_NAME, CANARY_NOTE


def _erase(client, person, **data):
    path = f"/persons/{person.id}/erase"
    return post_form(client, path, {"reason": "subject_request", **data})


def test_coordinator_erases_after_confirming(client, coordinator, canary):
    """Without the confirmation nothing happens; with it the person is gone and a stub stays."""
    person_id = canary.id
    login(client, coordinator.email)
    page = _erase(client, canary).get_data(as_text=True)
    assert "Tick the box to confirm the erasure." in page
    assert db.session.get(Person, person_id) is not None
    response = _erase(client, canary, confirm="y")
    assert response.status_code == 302 and response.headers["Location"].endswith("/persons/")
    db.session.expire_all()
    assert db.session.get(Person, person_id) is None
    assert db.session.scalars(select(StatisticalStub)).one().status == "closed"


def test_the_erase_page_needs_a_known_reason(client, coordinator, canary):
    """A reason outside the codes (say, free text) is refused."""
    login(client, coordinator.email)
    _erase(client, canary, confirm="y", reason="she called the police on Monday")
    db.session.expire_all()
    assert db.session.get(Person, canary.id) is not None


@pytest.mark.parametrize("role", [Role.OUTREACH, Role.SHELTER_STAFF, Role.ADMIN])
def test_other_roles_may_neither_erase_nor_export(client, org_a, make_user, canary, role):
    """Only coordinators erase and export: 403 for everyone else of the organisation."""
    login(client, make_user(org_a, role).email)
    assert client.get(f"/persons/{canary.id}/erase").status_code == 403
    assert _erase(client, canary, confirm="y", token_from="/home").status_code == 403
    assert client.get(f"/persons/{canary.id}/export.json").status_code == 403
    db.session.expire_all()
    assert db.session.get(Person, canary.id) is not None


def test_another_organisation_gets_404(client, org_b, make_user, canary):
    """A coordinator of organisation B can neither see, erase nor export A's person."""
    login(client, make_user(org_b, Role.COORDINATOR).email)
    assert client.get(f"/persons/{canary.id}/erase").status_code == 404
    assert _erase(client, canary, confirm="y", token_from="/home").status_code == 404
    response = client.get(f"/persons/{canary.id}/export.json")
    assert response.status_code == 404 and CANARY_NAME not in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, canary.id) is not None


def test_export_gives_the_persons_data_as_an_uncached_download(app, client, org_a, coordinator, canary):
    """The JSON holds the decrypted person, case timeline, consents and contacts; the export is signalled."""
    login(client, coordinator.email)
    received = []
    with personal_data_viewed.connected_to(lambda _sender, **kwargs: received.append(kwargs), app):
        response = client.get(f"/persons/{canary.id}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="person-{canary.id}.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["person"]["given_names"] == CANARY_NAME and data["person"]["aliases"] == [CANARY_ALIAS]
    assert data["person"]["date_of_birth"] == "2001-02-03" and data["person"]["citizenship"] == ["NG"]
    (case,) = data["cases"]
    assert case["status"] == "closed" and case["consents"][0]["purpose"] == "keep_data"
    assert CANARY_NOTE in [event["note"] for event in case["timeline"]]
    assert data["contacts"][0]["note"] == CANARY_NOTE
    assert received == [{"actor_id": coordinator.id, "organisation_id": org_a.id, "person_id": canary.id,
                         "purpose": "export"}]


def test_person_page_offers_export_and_erase_to_coordinators_only(client, org_a, make_user, coordinator, canary):
    """The links appear for a coordinator and not for an outreach worker."""
    login(client, coordinator.email)
    page = client.get(f"/persons/{canary.id}").get_data(as_text=True)
    assert f"/persons/{canary.id}/erase" in page and f"/persons/{canary.id}/export.json" in page
    client.post("/logout", data={"csrf_token": ""})
    client.delete_cookie("caseapp_session")
    login(client, make_user(org_a, Role.OUTREACH).email)
    page = client.get(f"/persons/{canary.id}").get_data(as_text=True)
    assert CANARY_NAME in page and "/erase" not in page


def test_export_and_erasure_reach_the_audit_trail(client, org_a, coordinator, canary):
    """The audit trail records the export and the erasure with the reason code, and no canary."""
    from caseapp.audit.models import AuditEntry

    person_id = canary.id
    login(client, coordinator.email)
    client.get(f"/persons/{person_id}/export.json")
    _erase(client, canary, confirm="y", reason="consent_withdrawn")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == str(person_id))).all()
    actions = {entry.action: entry.detail for entry in entries}
    assert actions["person.export"] == {} and actions["person.erase"] == {"reason": "consent_withdrawn"}
    assert all(entry.actor_id == coordinator.id for entry in entries)
    assert CANARY_NAME not in repr([(e.action, e.target_id, e.detail) for e in entries])


def test_the_erase_page_starts_with_no_reason_chosen(client, coordinator, canary):
    """The reason starts on "Choose…": erasing without choosing one erases nothing."""
    login(client, coordinator.email)
    page = client.get(f"/persons/{canary.id}/erase").get_data(as_text=True)
    assert '<option value="">' in page and "selected" not in page.split('id="reason"')[1].split("</select>")[0]
    _erase(client, canary, confirm="y", reason="")
    db.session.expire_all()
    assert db.session.get(Person, canary.id) is not None
