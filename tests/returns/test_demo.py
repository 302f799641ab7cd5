"""The demo has returns in every status and follow-ups done, overdue and due, seen by the Nordlys worker."""

from sqlalchemy import select

from caseapp.core.clock import local_today
from caseapp.extensions import db
from caseapp.returns.models import FollowUp, PreparedReturn, ReturnOrganisation, ReturnStatus
from tests.conftest import login, run_cli


def test_the_demo_step_adds_returns_in_every_status_and_follow_ups_in_every_state(app, client):
    """Registered through the registry's demo steps: the three organisations, every status, every follow-up state."""
    run_cli(app, ["demo", "--persons", "0"])
    names = set(db.session.scalars(select(ReturnOrganisation.name)))
    assert {"IOM", "Danish Refugee Council", "Danish Return Agency (Hjemrejsestyrelsen)"} == names
    assert set(db.session.scalars(select(PreparedReturn.status))) == set(ReturnStatus)
    follow_ups = db.session.scalars(select(FollowUp)).all()
    today = local_today()
    assert any(f.done_on for f in follow_ups)
    assert any(not f.done_on and f.due_on < today for f in follow_ups)
    assert any(not f.done_on and f.due_on >= today for f in follow_ups)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, "outreach@nordlys.example.org", "demo-outreach-pass")
    tasks = client.get("/tasks/").get_data(as_text=True)
    assert "Follow-up contact 2 of 6 after return" in tasks and "Record the departure" in tasks
