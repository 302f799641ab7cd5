"""Prepared returns: the consent gate, the status steps and those refused, departure into follow-up, closure."""

from datetime import date, timedelta

import pytest

from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import CaseError, timeline, withdraw_consent
from caseapp.core.concurrency import StaleEditError
from caseapp.extensions import db
from caseapp.returns.followups import record_follow_up
from caseapp.returns.models import PreparedReturn, ReturnStatus
from caseapp.returns.organisations import set_active
from caseapp.returns.services import ReturnError, advance, cancel, close_returned, refer

TODAY = date.today()


def depart(prepared, worker, on, months=6):
    """Take a referred return through every step to departure on ``on``."""
    advance(prepared, worker, "accepted", prepared.version)
    advance(prepared, worker, "travel_planned", prepared.version, on=on)
    advance(prepared, worker, "departed", prepared.version, on=on, months=months)


def test_without_the_consent_the_referral_is_refused_and_says_why(identified_case, worker, iom):
    """No consent to share with the return organisation: refused, naming the consent, nothing stored."""
    case = identified_case(consent=False)
    with pytest.raises(CaseError, match="Share with the return organisation"):
        refer(case, worker, iom, fields=["given_names"], country="RO")
    assert db.session.query(PreparedReturn).count() == 0 and case.status == CaseStatus.IDENTIFIED


def test_a_withdrawn_consent_also_refuses(identified_case, worker, iom):
    """Once withdrawn, the consent no longer opens the referral."""
    case = identified_case()
    withdraw_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    with pytest.raises(CaseError):
        refer(case, worker, iom, fields=["given_names"], country="RO")


def test_referring_moves_the_case_to_prepared_return(referred):
    """The referral starts the return and puts the case in "prepared return" through the state machine."""
    prepared = referred()
    assert prepared.status == ReturnStatus.REFERRED and prepared.case.status == CaseStatus.RETURN
    assert prepared.region == "Iași" and prepared.region_enc != b"Ia\xc8\x99i"
    kinds = [event.kind for event in timeline(prepared.case)]
    assert kinds.index("return_referred") < kinds.index("status_changed")  # newest first


def test_a_deactivated_organisation_is_refused(identified_case, worker, iom):
    """A deactivated return organisation takes no new referrals."""
    set_active(iom, False)
    with pytest.raises(ReturnError, match="active"):
        refer(identified_case(), worker, iom, fields=[], country="RO")


def test_the_steps_run_in_order_to_departure(referred, worker):
    """referred → accepted → travel planned → departed, each a timeline event; departure starts follow-up."""
    prepared = referred()
    depart(prepared, worker, TODAY - timedelta(days=3))
    assert prepared.status == ReturnStatus.DEPARTED and prepared.departed_on == TODAY - timedelta(days=3)
    assert prepared.case.status == CaseStatus.FOLLOW_UP
    assert len(prepared.follow_ups) == 6
    kinds = [event.kind for event in timeline(prepared.case)]
    assert {"return_accepted", "return_travel_planned", "return_departed"} <= set(kinds)


@pytest.mark.parametrize("target", ["travel_planned", "departed", "referred", "cancelled"])
def test_skipping_or_going_back_is_refused(referred, worker, target):
    """From referred only "accepted" is the next step; the refusal names both statuses."""
    prepared = referred()
    with pytest.raises(ReturnError, match="cannot become"):
        advance(prepared, worker, target, prepared.version, on=TODAY)
    assert prepared.status == ReturnStatus.REFERRED


def test_planning_the_travel_needs_its_date(referred, worker):
    """Travel planned without a date is refused."""
    prepared = referred()
    advance(prepared, worker, "accepted", prepared.version)
    with pytest.raises(ReturnError, match="date"):
        advance(prepared, worker, "travel_planned", prepared.version)


def test_a_stale_version_is_refused(referred, worker):
    """A step based on an old version of the return saves nothing."""
    prepared = referred()
    with pytest.raises(StaleEditError):
        advance(prepared, worker, "accepted", prepared.version - 1)


@pytest.mark.parametrize("steps", [0, 1, 2])
def test_cancelling_at_any_point_before_departure_needs_a_reason(referred, worker, steps):
    """Cancelled from referred, accepted or travel planned, with the reason kept encrypted."""
    prepared = referred()
    for target in ["accepted", "travel_planned"][:steps]:
        advance(prepared, worker, target, prepared.version, on=TODAY)
    with pytest.raises(ReturnError, match="reason"):
        cancel(prepared, worker, "  ", prepared.version)
    cancel(prepared, worker, "She decided to stay", prepared.version)
    assert prepared.status == ReturnStatus.CANCELLED and prepared.cancel_reason == "She decided to stay"
    assert b"stay" not in prepared.cancel_reason_enc


def test_a_departed_return_cannot_be_cancelled(referred, worker):
    """After departure the return is a fact; cancelling is refused."""
    prepared = referred()
    depart(prepared, worker, TODAY)
    with pytest.raises(ReturnError, match="not departed"):
        cancel(prepared, worker, "Too late", prepared.version)


def test_after_cancelling_a_new_referral_may_be_made(referred, worker, iom):
    """One return under way at a time; a cancelled one does not block the next."""
    prepared = referred()
    with pytest.raises(ReturnError, match="already"):
        refer(prepared.case, worker, iom, fields=[], country="RO")
    cancel(prepared, worker, "Wrong country", prepared.version)
    assert refer(prepared.case, worker, iom, fields=[], country="BG").destination_country == "BG"


def test_the_case_closes_as_returned_home_only_after_the_last_follow_up(referred, worker):
    """Refused while a follow-up is open; after the last one the case closes with "returned home"."""
    prepared = referred()
    depart(prepared, worker, TODAY - timedelta(days=200), months=2)
    first, last = prepared.follow_ups
    record_follow_up(first, worker, first.version, done_on=first.due_on, channel="phone", outcome="reached")
    with pytest.raises(ReturnError, match="last follow-up"):
        close_returned(prepared, worker, prepared.case.version)
    record_follow_up(last, worker, last.version, done_on=last.due_on, channel="message", outcome="needs_help",
                     note="Asks for help with school fees")
    close_returned(prepared, worker, prepared.case.version, today=TODAY)
    assert prepared.case.status == CaseStatus.CLOSED and prepared.case.closure_outcome == ClosureOutcome.RETURNED
    assert last.note == "Asks for help with school fees"
