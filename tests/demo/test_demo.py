"""`caseapp demo` gives a newcomer accounts to sign in with."""

import json

from caseapp import create_app
from caseapp.crypto.keys import new_keyring_document
from caseapp.demo.services import DEMO_ACCOUNTS
from tests.conftest import login, run_cli

HEADINGS = {"outreach": "Outreach", "shelter_staff": "Shelter", "coordinator": "Coordination",
            "admin": "Administration", "sysadmin": "System administration", "statistics": "Statistics"}


def test_demo_creates_accounts_for_every_role_that_sign_in(app, client):
    """Each printed demo account signs in to its role's home page."""
    result = run_cli(app, ["demo"])
    assert result.exit_code == 0, result.output
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for account in DEMO_ACCOUNTS:
        assert account.email in result.output and account.password in result.output
        page = login(client, account.email, account.password).get_data(as_text=True)
        assert f"<h1>{HEADINGS[account.role.value]}</h1>" in page
        client.post("/logout", data={"csrf_token": ""})
        client.delete_cookie("caseapp_session")


def test_demo_twice_only_lists_the_accounts(app):
    """Running demo again creates nothing new and still prints the accounts."""
    run_cli(app, ["demo"])
    second = run_cli(app, ["demo"])
    assert second.exit_code == 0
    assert "Demo data created." not in second.output
    assert DEMO_ACCOUNTS[0].email in second.output


def test_demo_refuses_an_installation_with_other_data(app, org_a):
    """Demo data is only added to an empty database."""
    result = run_cli(app, ["demo"])
    assert result.exit_code != 0
    assert "only added to an empty one" in result.output


def test_demo_refuses_production(monkeypatch, database_url):
    """Under the production configuration the demo command refuses to run."""
    monkeypatch.setenv("CASEAPP_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CASEAPP_DATA_KEYS", json.dumps(new_keyring_document()))
    monkeypatch.setenv("CASEAPP_DATABASE_URL", database_url)
    production = create_app("production")
    result = run_cli(production, ["demo"])
    assert result.exit_code != 0
    assert "never created under the production configuration" in result.output


def test_demo_casework_covers_every_case_status_and_logs_contacts(app):
    """A new demo installation has cases in every status and contacts, some anonymous."""
    from sqlalchemy import func, select

    from caseapp.cases.lifecycle import CaseStatus
    from caseapp.cases.models import Case
    from caseapp.contacts.models import Contact
    from caseapp.extensions import db

    assert run_cli(app, ["demo"]).exit_code == 0
    statuses = set(db.session.scalars(select(Case.status).distinct()))
    assert statuses == set(CaseStatus)
    assert db.session.scalar(select(func.count(Contact.id)).where(Contact.person_id.is_(None))) > 0
    assert db.session.scalar(select(func.count(Contact.id)).where(Contact.person_id.is_not(None))) > 0


def test_demo_totp_prints_a_code_that_signs_in(app, client):
    """`caseapp demo totp EMAIL` prints a working code for a demo account (no phone needed)."""
    import re

    from tests.conftest import post_form

    run_cli(app, ["demo"])
    account = DEMO_ACCOUNTS[0]
    code = run_cli(app, ["demo", "totp", account.email]).output.strip()
    assert re.fullmatch(r"\d{6}", code)
    post_form(client, "/login", {"email": account.email, "password": account.password})
    post_form(client, "/login/verify", {"code": code})
    assert client.get("/home").status_code == 200


def test_demo_totp_refuses_other_accounts(app, org_a, make_user):
    """The code printer only serves demo accounts."""
    user = make_user(org_a)
    result = run_cli(app, ["demo", "totp", user.email])
    assert result.exit_code != 0


def test_demo_has_placements_every_board_state_and_a_pending_referral(app, client):
    """Tryghus staff see free beds and periods in every board state; a referral waits in Tryghus' inbox."""
    run_cli(app, ["demo", "--persons", "0"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, "staff@tryghus.example.org", "demo-shelter-pass")
    home = client.get("/home").get_data(as_text=True)
    for state in ("Overdue", "7 days or less", "14 days or less", "30 days or less", "Later"):
        assert state in home, state
    assert "3 free beds" in home
    assert "Requested" in client.get("/referrals/").get_data(as_text=True)
