"""Bulk demo rows of referrals (a step registered with core.registry): most cases of an organisation without
shelters that reached a reflection period were referred to a shelter operator and taken in (a stay still
running only while the operator has a bed free); some identified cases wait for the answer."""

import json
import uuid
from datetime import timedelta

from sqlalchemy import exists, select

from caseapp.cases.bulk import add_consent, add_event, at_noon
from caseapp.cases.lifecycle import CaseStatus
from caseapp.cases.models import ConsentPurpose
from caseapp.core.bulk import encrypted_row
from caseapp.core.clock import local_today
from caseapp.core.models import join_codes, split_codes
from caseapp.extensions import db
from caseapp.referrals.models import Referral, ReferralStatus, SharedField
from caseapp.referrals.services import shelter_operators
from caseapp.shelters.bulk import has_free_bed
from caseapp.shelters.models import Shelter

ACCEPTED_SHARE, PENDING_SHARE = 0.7, 0.3
# Everything but aliases and phone numbers, which a shelter rarely needs.
FIELDS = [code for code in SharedField if code not in (SharedField.ALIASES, SharedField.PHONES)]


def add_bulk_referral(rng, setting, case):
    """Queue the case's referral to a shelter operator, taken in when its stay began, else perhaps pending."""
    organisation_id = case.row["organisation_id"]
    operators = setting.remember(("operators", organisation_id), lambda: _operators(organisation_id))
    if not operators:
        return
    operator_id = rng.choice(operators)
    if case.started_on is not None and rng.random() < ACCEPTED_SHARE and _room(setting, case, operator_id):
        _accepted(rng, setting, case, operator_id)
    elif case.row["status"] == CaseStatus.IDENTIFIED and rng.random() < PENDING_SHARE:
        today = local_today(setting.now)
        requested_on = min(case.row["decided_on"] + timedelta(days=rng.randint(0, 20)), today)
        _referral(setting, case, operator_id, requested_on, payload=json.dumps(_shared(setting, case)))


def _room(setting, case, operator_id):
    """An operator takes in a person whose stay has ended by now, or one still staying if a bed is free today."""
    ended = case.left_on is not None or case.row["closed_on"] is not None
    return ended or has_free_bed(setting, operator_id)


def _accepted(rng, setting, case, operator_id):
    """Requested a few days before the stay began, accepted that morning, placed, ended when the stay ended."""
    requested_on = max(case.row["decided_on"], case.started_on - timedelta(days=rng.randint(1, 3)))
    received = setting.receive_case(rng, case, operator_id, FIELDS)
    closed_on = received.row["closed_on"]
    referral = _referral(setting, case, operator_id, requested_on, payload=None, received=received,
                         status=ReferralStatus.ENDED if closed_on else ReferralStatus.PLACED)
    add_event(setting, received, received.worker, "referral_received", at_noon(case.started_on).replace(hour=9),
              referral_id=referral["id"])
    for status, when in ((ReferralStatus.ACCEPTED, referral["decided_at"]),
                         (ReferralStatus.PLACED, at_noon(case.started_on)), (ReferralStatus.ENDED, closed_on)):
        if when is not None:
            add_event(setting, case, None, f"referral_{status}", when, referral_id=referral["id"],
                      to_organisation_id=operator_id)


def _referral(setting, case, operator_id, requested_on, *, payload, received=None, status=ReferralStatus.REQUESTED):
    if ConsentPurpose.SHARE_OTHER_ORGANISATION not in case.consents:
        add_consent(setting, case, ConsentPurpose.SHARE_OTHER_ORGANISATION, requested_on)
    row = {"id": uuid.uuid4(), "from_organisation_id": case.row["organisation_id"], "from_case_id": case.id,
           "to_organisation_id": operator_id, "to_case_id": received.id if received else None, "status": status,
           "fields": join_codes(FIELDS), "requested_by_id": case.worker,
           "requested_at": at_noon(requested_on).replace(hour=8),
           "decided_by_id": received.worker if received else None,
           "decided_at": at_noon(case.started_on).replace(hour=9) if received else None,
           "version": 1 if received is None else 3 if status == ReferralStatus.PLACED else 4}
    setting.add(Referral, encrypted_row(Referral, row, {"payload": payload, "decline_reason": None},
                                        setting.keyring))
    add_event(setting, case, case.worker, "referral_requested", row["requested_at"], referral_id=row["id"],
              to_organisation_id=operator_id, fields=row["fields"])
    return row


def _shared(setting, case):
    """The referred person's values of the shared fields, as the request carries them."""
    plain, secrets = setting.people[case.row["person_id"]]
    born = secrets["date_of_birth"]
    values = {**{name: secrets[name] for name in ("given_names", "family_name", "identity_document")},
              "date_of_birth": born.isoformat() if born else None, "gender": str(plain["gender"]),
              "birth_year": plain["birth_year"], "citizenship": split_codes(plain["citizenship"]),
              "languages": split_codes(plain["languages"])}
    return {code: values[code] for code in FIELDS}


def _operators(organisation_id):
    """The shelter operators the organisation refers to; none when it runs shelters itself."""
    runs_shelters = db.session.scalar(select(exists().where(Shelter.organisation_id == organisation_id,
                                                            Shelter.active.is_(True))))
    return [] if runs_shelters else [operator.id for operator in shelter_operators(organisation_id)]
