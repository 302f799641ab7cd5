"""For the indicator, the sender's and the receiver's records of a referred person are one person."""

from datetime import date

from caseapp.referrals.services import accept, request_referral
from caseapp.stats import counting, matching

YEAR = (date(2000, 1, 1), date(2100, 12, 31))
ALL_BUT_PHONES = ["given_names", "family_name", "aliases", "citizenship", "languages", "birth_year"]


def _count(organisation_ids):
    matching.refresh_keys(matching.stale_person_ids())
    return counting.count(organisation_ids, YEAR)


def test_an_accepted_referral_counts_once_across_organisations(org_a, operator, sending_case, outreach, receiver):
    """Two records, one person: the installation counts one presumed victim, merged by the referral."""
    referral = request_referral(sending_case(), outreach, operator, ["birth_year"])
    accept(referral, receiver, referral.version)
    counts = _count([org_a.id, operator.id])
    assert (counts.records, counts.persons) == (2, 1)
    assert counts.merged_by["referral"] == 2


def test_a_referral_still_waiting_links_nothing(org_a, operator, sending_case, outreach):
    """Before acceptance the receiver holds no record: one record, one person, nothing merged."""
    request_referral(sending_case(), outreach, operator, ALL_BUT_PHONES)
    counts = _count([org_a.id, operator.id])
    assert (counts.records, counts.persons) == (1, 1)
    assert counts.merged_by.get("referral", 0) == 0
