"""What the case page shows: its forms, prefilled, and a readable timeline."""

from datetime import date

from sqlalchemy import select

from caseapp.auth.models import User
from caseapp.cases import services
from caseapp.cases.forms import AssignForm, ConsentForm, DecisionForm, ExploitationForm, NoteForm, StatusForm
from caseapp.cases.lifecycle import OUTCOME_LABELS, STATUS_LABELS, allowed_targets
from caseapp.cases.models import (CONSENT_LABELS, DECISION_BODY_LABELS, EXPLOITATION_LABELS,
                                  TRAFFICKING_STATUS_LABELS)
from caseapp.core.registry import registry
from caseapp.extensions import db

LABELS = {
    "status": STATUS_LABELS, "outcome": OUTCOME_LABELS, "consent": CONSENT_LABELS,
    "decided_by": DECISION_BODY_LABELS, "trafficking_status": TRAFFICKING_STATUS_LABELS,
    "exploitation": EXPLOITATION_LABELS,
}


def case_page_context(case):
    """Template variables for the case page."""
    workers = services.case_workers(case.organisation_id)
    return {
        "case": case, "person": case.person, "events": services.timeline(case),
        "consents": services.consents(case), "names": _user_names(case.organisation_id),
        "labels": LABELS, "forms": _forms(case, workers),
        "sections": [(section.template, section.context(case)) for section in registry().case_sections],
    }


def _forms(case, workers):
    version = str(case.version)
    status = StatusForm(formdata=None, version=version)
    status.set_targets(allowed_targets(case.status))
    decision = DecisionForm(formdata=None, version=version, decided_on=case.decided_on or date.today(),
                            trafficking_status=case.trafficking_status, decided_by=case.decided_by)
    assign = AssignForm(formdata=None, version=version, assigned_to=str(case.assigned_to_id))
    assign.set_workers(workers)
    exploitation = ExploitationForm(formdata=None, version=version, exploitation=case.exploitation_codes)
    return {"status": status, "decision": decision, "assign": assign, "exploitation": exploitation,
            "note": NoteForm(formdata=None), "consent": ConsentForm(formdata=None, on=date.today())}


def _user_names(organisation_id):
    """Display names of the organisation's users by id (one query for the whole timeline)."""
    rows = db.session.execute(select(User.id, User.display_name).where(User.organisation_id == organisation_id))
    return {str(user_id): name for user_id, name in rows}

