"""Referral to a shelter operator: consent gate, chosen fields, accept into own records, decline, cancel."""

from datetime import date

import pytest

from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import CaseError, timeline, withdraw_consent
from caseapp.extensions import db
from caseapp.persons.models import Person
from caseapp.referrals.models import Referral, ReferralStatus
from caseapp.referrals.services import ReferralError, accept, decline, request_referral
from caseapp.shelters.placements import end_placement, place
from caseapp.shelters.services import list_shelters
from tests.conftest import login, post_form

ALL_BUT_PHONES = ["given_names", "family_name", "aliases", "citizenship", "languages", "birth_year"]


def test_without_consent_the_referral_is_refused_with_the_reason(sending_case, outreach, operator):
    """No consent to share with another organisation: refused, naming the consent, nothing stored."""
    case = sending_case(consent=False)
    with pytest.raises(CaseError, match="Share with another organisation"):
        request_referral(case, outreach, operator, ALL_BUT_PHONES)
    assert db.session.query(Referral).count() == 0


def test_accepting_creates_the_receivers_own_person_with_only_the_shared_fields(sending_case, outreach, operator,
                                                                              receiver):
    """The phone was left out: the new person has names and alias but no phone, in the operator's organisation."""
    case = sending_case()
    referral = request_referral(case, outreach, operator, ALL_BUT_PHONES)
    new_case = accept(referral, receiver, referral.version)
    person = db.session.get(Person, new_case.person_id)
    assert new_case.organisation_id == person.organisation_id == operator.id
    assert (person.given_names, person.family_name, [a.alias for a in person.aliases]) == ("Maria", "Popescu",
                                                                                          ["Mimi"])
    assert person.phones == [] and person.id != case.person_id
    assert person.given_names_enc != case.person.given_names_enc  # bound to the new row
    assert referral.status == ReferralStatus.ACCEPTED and referral.payload is None
    assert referral.to_case_id == new_case.id
    assert [e.kind for e in timeline(case)][:2] == ["referral_accepted", "referral_requested"]
    assert "referral_received" in [e.kind for e in timeline(new_case)]


def test_declining_needs_a_reason_which_the_sender_sees(client, sending_case, outreach, operator, receiver):
    """A decline without a reason is refused; with one the sending case shows 'Declined' and the reason."""
    case = sending_case()
    referral = request_referral(case, outreach, operator, ALL_BUT_PHONES)
    with pytest.raises(ReferralError, match="reason"):
        decline(referral, receiver, " ", referral.version)
    decline(referral, receiver, "No bed for a mother with child", referral.version)
    assert referral.status == ReferralStatus.DECLINED and referral.payload is None
    login(client, outreach.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Declined" in page and "No bed for a mother with child" in page


def test_withdrawing_consent_before_acceptance_cancels_the_referral(sending_case, outreach, operator, receiver):
    """The request is cancelled and its data erased; it can no longer be accepted."""
    case = sending_case()
    referral = request_referral(case, outreach, operator, ALL_BUT_PHONES)
    withdraw_consent(case, outreach, ConsentPurpose.SHARE_OTHER_ORGANISATION)
    assert referral.status == ReferralStatus.CANCELLED and referral.payload is None
    assert "referral_cancelled" in [e.kind for e in timeline(case)]
    with pytest.raises(ReferralError):
        accept(referral, receiver, referral.version)


def test_withdrawing_after_acceptance_leaves_the_accepted_referral(sending_case, outreach, operator, receiver):
    """Once accepted, the receiver's records are their own; the referral stays accepted."""
    case = sending_case()
    referral = request_referral(case, outreach, operator, ALL_BUT_PHONES)
    accept(referral, receiver, referral.version)
    withdraw_consent(case, outreach, ConsentPurpose.SHARE_OTHER_ORGANISATION)
    assert referral.status == ReferralStatus.ACCEPTED


def test_the_sender_follows_placed_and_ended_but_never_sees_the_shelter(client, sending_case, outreach, operator,
                                                                       receiver):
    """Placing and ending the stay show on the sending case as statuses; the shelter's name and address never."""
    case = sending_case()
    referral = request_referral(case, outreach, operator, ALL_BUT_PHONES)
    new_case = accept(referral, receiver, referral.version)
    placement = place(new_case, receiver, shelter=list_shelters(operator.id)[0], starts_on=date(2026, 5, 1))
    assert referral.status == ReferralStatus.PLACED
    login(client, outreach.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Placed" in page and "Hemmelig Vej" not in page and "Safe One" not in page
    end_placement(placement, new_case, receiver, ends_on=date(2026, 5, 20), reason="moved_on",
                  version=placement.version)
    assert referral.status == ReferralStatus.ENDED


def test_the_receiver_accepts_through_the_page_and_lands_on_the_new_case(client, sending_case, outreach, operator,
                                                                        receiver):
    """Before accepting only coarse fields are shown; accepting opens the receiver's own case."""
    case = sending_case()
    referral = request_referral(case, outreach, operator, ALL_BUT_PHONES)
    db.session.commit()
    login(client, receiver.email)
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Romania" in page and "1999" in page and "Maria" not in page and "Popescu" not in page
    response = post_form(client, f"/referrals/{referral.id}", {"accept": "Accept", "version": referral.version})
    assert response.status_code == 302
    assert "Maria" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_referral_form_refuses_without_consent_and_keeps_the_choice(client, sending_case, outreach, operator):
    """The worker gets the consent reason on the form, with the unticked fields still unticked."""
    case = sending_case(consent=False)
    login(client, outreach.email)
    page = post_form(client, f"/referrals/cases/{case.id}/new",
                     {"to_organisation": str(operator.id), "fields": ["given_names", "aliases"]}).get_data(as_text=True)
    assert "needs the person&#39;s consent" in page or "needs the person's consent" in page
    assert 'value="phones"' in page and 'checked id="fields-4" name="fields" type="checkbox" value="phones"' not in page
