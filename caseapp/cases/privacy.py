"""What subject access needs of cases; erasure needs nothing here (the database cascades)."""

from sqlalchemy import select

from caseapp.cases.models import Case, CaseEvent, Consent
from caseapp.core.exports import fields_json, json_value
from caseapp.extensions import db

CASE_FIELDS = ("id", "status", "trafficking_status", "decided_by", "decided_on", "closure_outcome", "closed_on",
               "opened_at")


def export_cases(organisation_id, person):
    """The person's cases in the organisation with their consents and timeline, decrypted."""
    cases = db.session.scalars(select(Case).where(Case.organisation_id == organisation_id,
                                                  Case.person_id == person.id).order_by(Case.opened_at))
    return [_case_json(case) for case in cases]


def _case_json(case):
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                .order_by(CaseEvent.occurred_at, CaseEvent.id))
    consents = db.session.scalars(select(Consent).where(Consent.case_id == case.id).order_by(Consent.given_on))
    return {**fields_json(case, CASE_FIELDS), "exploitation": case.exploitation_codes,
            "consents": [fields_json(c, ("purpose", "given_on", "withdrawn_on")) for c in consents],
            "timeline": [{"occurred_at": json_value(e.occurred_at), "kind": e.kind, "detail": e.detail,
                          "note": e.note} for e in events]}
