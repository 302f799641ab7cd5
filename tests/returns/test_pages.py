"""Return pages: the referral with and without consent, the steps, the plan and follow-ups, return organisations."""

from datetime import date, timedelta

from sqlalchemy import select

from caseapp.auth.models import Role
from caseapp.extensions import db
from caseapp.returns.models import PreparedReturn, ReturnOrganisation, ReturnStatus
from tests.conftest import post_form
from tests.returns.conftest import post_on_page


def test_without_consent_the_case_page_says_why_and_the_referral_is_refused(signed_in, identified_case, iom):
    """No button but the reason on the case page; posting the form anyway is refused with the reason."""
    client, _user = signed_in()
    case = identified_case(consent=False)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "needs the person&#39;s recorded consent" in page or "needs the person's recorded consent" in page
    answer = post_form(client, f"/returns/cases/{case.id}/new",
                       {"return_organisation": str(iom.id), "country": "RO", "fields": ["given_names"]})
    assert "This action needs the person" in answer.get_data(as_text=True)
    assert db.session.query(PreparedReturn).count() == 0


def test_a_worker_refers_takes_the_steps_and_records_a_follow_up(signed_in, identified_case, iom):
    """Through the pages: refer, accept, plan, depart, add a plan item, record the first follow-up."""
    client, _user = signed_in()
    case = identified_case()
    answer = post_form(client, f"/returns/cases/{case.id}/new",
                       {"return_organisation": str(iom.id), "country": "RO", "region": "Iași",
                        "fields": ["given_names", "destination"]})
    prepared = db.session.scalar(select(PreparedReturn).where(PreparedReturn.case_id == case.id))
    path = f"/returns/{prepared.id}"
    assert answer.headers["Location"].endswith(path)
    departed = date.today() - timedelta(days=31)
    for on in (None, departed + timedelta(days=1), departed):
        db.session.expire_all()
        version = str(db.session.get(PreparedReturn, prepared.id).version)
        data = {"version": version, **({"on": on.isoformat()} if on else {})}
        assert post_on_page(client, path, f"{path}/step", "step", data).status_code == 302
    db.session.expire_all()
    prepared = db.session.get(PreparedReturn, prepared.id)
    assert prepared.status == ReturnStatus.DEPARTED and len(prepared.follow_ups) == 6
    assert post_on_page(client, path, f"{path}/items", "item", {"kind": "housing", "note": "Room in Iași",
                                                                 "submission": "a" * 32}).status_code == 302
    first = prepared.follow_ups[0]
    answer = post_on_page(client, path, f"/returns/follow-ups/{first.id}", f"f{first.id.hex}",
                          {"version": "1", "done_on": date.today().isoformat(), "channel": "phone",
                           "outcome": "reached", "note": "Fine"})
    assert answer.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "Departed" in page and "Housing" in page and "Room in Iași" in page and "Reached" in page


def test_the_return_page_refuses_an_unknown_date_step_and_keeps_the_page(signed_in, referred):
    """Travel planned without a date: the page comes back with the reason, nothing changes."""
    client, _user = signed_in(Role.COORDINATOR)
    prepared = referred()
    path = f"/returns/{prepared.id}"
    post_on_page(client, path, f"{path}/step", "step", {"version": str(prepared.version)})
    answer = post_on_page(client, path, f"{path}/step", "step", {"version": str(prepared.version + 1)})
    assert answer.status_code == 400 and "Give the date." in answer.get_data(as_text=True)


def test_the_system_administrator_keeps_the_return_organisations(signed_in):
    """Add, rename and deactivate; a deactivated organisation is not offered for referrals."""
    client, _user = signed_in(Role.SYSADMIN)
    post_form(client, "/returns/organisations", {"name": "IOM"})
    iom = db.session.scalar(select(ReturnOrganisation).where(ReturnOrganisation.name == "IOM"))
    prefix = f"o{iom.id.hex}"
    action = f"/returns/organisations/{iom.id}"
    post_on_page(client, "/returns/organisations", action, prefix, {"name": "IOM Denmark", "rename": "Rename"})
    post_on_page(client, "/returns/organisations", action, prefix, {"name": "IOM Denmark", "toggle": "Deactivate"})
    db.session.expire_all()
    iom = db.session.get(ReturnOrganisation, iom.id)
    assert (iom.name, iom.active) == ("IOM Denmark", False)
    assert "IOM Denmark" in client.get("/returns/organisations").get_data(as_text=True)


def test_only_the_system_administrator_keeps_them(signed_in):
    """A coordinator may not open the return organisations' page."""
    client, _user = signed_in(Role.COORDINATOR)
    assert client.get("/returns/organisations").status_code == 403
