"""The case state machine: every transition, allowed or refused, through the service."""

import itertools
from datetime import date

import pytest

from caseapp.core.clock import local_today
from caseapp.cases import services
from caseapp.cases.lifecycle import TRANSITIONS, CaseStatus, TransitionError
from caseapp.cases.models import ConsentPurpose, EventKind
from caseapp.extensions import db
from tests.factories import new_case

PAIRS = list(itertools.product(CaseStatus, CaseStatus))


def _at(case, status):
    """Put ``case`` directly in ``status`` (test set-up only)."""
    case.status = status
    db.session.flush()
    return case


def _kinds(case):
    return [event.kind for event in services.timeline(case)]


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_transition_is_allowed_or_refused_as_the_state_machine_says(worker, current, target):
    """Allowed moves change the status and add an event; the rest are refused and change nothing."""
    case = _at(new_case(by=worker), current)
    services.give_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    outcome = "other" if target == CaseStatus.CLOSED else None
    if target in TRANSITIONS[current]:
        services.change_status(case, worker, target, case.version, outcome=outcome)
        assert case.status == target
        assert _kinds(case)[0] == EventKind.STATUS_CHANGED
    else:
        events_before = len(_kinds(case))
        with pytest.raises(TransitionError):
            services.change_status(case, worker, target, case.version, outcome=outcome)
        assert case.status == current
        assert len(_kinds(case)) == events_before


def test_closing_needs_an_outcome(worker):
    """A case cannot be closed without saying how it ended."""
    case = new_case(by=worker)
    with pytest.raises(TransitionError, match="hvordan sagen endte"):
        services.change_status(case, worker, CaseStatus.CLOSED, case.version)


def test_closing_records_outcome_and_date(worker):
    """A closed case keeps its outcome and closing date."""
    case = new_case(by=worker)
    services.change_status(case, worker, CaseStatus.CLOSED, case.version, outcome="lost_contact")
    assert (case.closure_outcome, case.closed_on) == ("lost_contact", local_today())


def test_outcome_is_refused_unless_closing(worker):
    """An outcome only belongs to a closing."""
    case = new_case(by=worker)
    with pytest.raises(TransitionError, match="kun, når sagen lukkes"):
        services.change_status(case, worker, CaseStatus.IDENTIFIED, case.version, outcome="other")


def test_return_needs_consent_to_share_with_the_return_organisation(worker):
    """Without that consent a prepared return is refused; with it, allowed; withdrawn, refused again."""
    case = _at(new_case(by=worker), CaseStatus.REFLECTION)
    with pytest.raises(TransitionError, match="samtykke"):
        services.change_status(case, worker, CaseStatus.RETURN, case.version)
    services.give_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    services.withdraw_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    with pytest.raises(TransitionError, match="samtykke"):
        services.change_status(case, worker, CaseStatus.RETURN, case.version)
    services.give_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    services.change_status(case, worker, CaseStatus.RETURN, case.version)
    assert case.status == CaseStatus.RETURN


def test_consent_gated_action_refuses_without_consent(worker):
    """require_consent refuses until the purpose has an active consent."""
    case = new_case(by=worker)
    with pytest.raises(services.CaseError, match="samtykke"):
        services.require_consent(case, ConsentPurpose.SHARE_POLICE)
    services.give_consent(case, worker, ConsentPurpose.SHARE_POLICE)
    services.require_consent(case, ConsentPurpose.SHARE_POLICE)
    services.withdraw_consent(case, worker, ConsentPurpose.SHARE_POLICE)
    with pytest.raises(services.CaseError):
        services.require_consent(case, ConsentPurpose.SHARE_POLICE)


def test_consent_cannot_be_given_twice_or_withdrawn_when_absent(worker):
    """Consents are recorded once per purpose and only an active one can be withdrawn."""
    case = new_case(by=worker)
    with pytest.raises(services.CaseError):
        services.withdraw_consent(case, worker, ConsentPurpose.KEEP_DATA)
    services.give_consent(case, worker, ConsentPurpose.KEEP_DATA)
    with pytest.raises(services.CaseError):
        services.give_consent(case, worker, ConsentPurpose.KEEP_DATA)


@pytest.mark.parametrize(("decision", "status"), [
    ("ActualVictimOfTrafficking", CaseStatus.IDENTIFIED), ("PossibleVictimOfTrafficking", CaseStatus.IDENTIFIED),
    ("NotAVictimOfTrafficking", CaseStatus.NOT_VICTIM)])
def test_decision_moves_an_open_case(worker, decision, status):
    """The identification decision moves an open case to identified or not a victim."""
    case = new_case(by=worker)
    services.record_decision(case, worker, trafficking_status=decision, decided_by="dis",
                             decided_on=date(2026, 3, 1), version=case.version)
    assert case.status == status
    # Both events are written within the same request; the timeline does not promise their order.
    events = {event.kind: event for event in services.timeline(case)}
    assert sorted(_kinds(case)) == sorted([EventKind.OPENED, EventKind.DECISION, EventKind.STATUS_CHANGED])
    assert events[EventKind.DECISION].detail["trafficking_status"] == decision
    assert events[EventKind.STATUS_CHANGED].detail == {"previous": CaseStatus.OPEN, "status": status}


def test_reassignment_is_a_recorded_event(worker, org_a, make_user):
    """Giving the case to a colleague shows on the timeline."""
    colleague = make_user(org_a, display_name="Colleague")
    case = new_case(by=worker)
    services.reassign(case, worker, colleague, case.version)
    assert case.assigned_to_id == colleague.id
    assert _kinds(case)[0] == EventKind.ASSIGNED


def test_cases_cannot_go_to_another_organisation_or_to_an_admin(worker, org_a, org_b, make_user):
    """Only active case workers of the same organisation can hold a case."""
    from caseapp.auth.models import Role

    case = new_case(by=worker)
    for outsider in (make_user(org_b), make_user(org_a, Role.ADMIN)):
        with pytest.raises(services.CaseError):
            services.reassign(case, worker, outsider, case.version)
    assert case.assigned_to_id == worker.id
