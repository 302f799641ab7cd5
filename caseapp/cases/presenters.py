"""What the case page shows: its forms, prefilled, and a readable timeline."""

from datetime import date

from sqlalchemy import select

from caseapp.auth.models import User
from caseapp.cases import services
from caseapp.cases.forms import AssignForm, ConsentForm, DecisionForm, ExploitationForm, NoteForm, StatusForm
from caseapp.cases.lifecycle import CaseStatus, ClosureOutcome, allowed_targets
from caseapp.cases.models import ConsentPurpose, DecisionBody, Exploitation, TraffickingStatus
from caseapp.core.registry import registry
from caseapp.extensions import db

# The timeline and the code lists hold plain codes; the page labels them with these enums.
ENUMS = {enum.__name__: enum for enum in (CaseStatus, ClosureOutcome, ConsentPurpose, DecisionBody,
                                          Exploitation, TraffickingStatus)}


# Which of the page's forms each submitted form replaces when it comes back with its errors.
FORM_KEYS = {StatusForm: "status", DecisionForm: "decision", AssignForm: "assign",
             ExploitationForm: "exploitation", NoteForm: "note", ConsentForm: "consent"}


def case_page_context(case, submitted=None):
    """Template variables for the case page; ``submitted`` is a form sent back as typed, in its place."""
    workers = services.case_workers(case.organisation_id)
    forms = _forms(case, workers)
    if submitted is not None:
        if hasattr(submitted, "set_targets"):
            submitted.set_targets(allowed_targets(case.status))
        forms[FORM_KEYS[type(submitted)]] = submitted
    return {
        "case": case, "person": case.person, "events": services.timeline(case),
        "consents": services.consents(case), "names": _user_names(case.organisation_id),
        "forms": forms, "next_step": next_step(case), **ENUMS,
        "sections": [(section, section.context(case)) for section in registry().case_sections],
    }


def next_step(case):
    """The form the case most likely needs now: the decision until there is one, then moving the status on."""
    if case.status == CaseStatus.CLOSED:
        return None
    return "decision" if case.trafficking_status is None else "status"


def _forms(case, workers):
    version = str(case.version)
    status = StatusForm(formdata=None, version=version)
    status.set_targets(allowed_targets(case.status))
    # The decision form starts empty even when a decision exists: one stray tap must record nothing.
    decision = DecisionForm(formdata=None, version=version, decided_on=date.today())
    assign = AssignForm(formdata=None, version=version, assigned_to=str(case.assigned_to_id))
    assign.set_workers(workers)
    exploitation = ExploitationForm(formdata=None, version=version, exploitation=case.exploitation_codes)
    return {"status": status, "decision": decision, "assign": assign, "exploitation": exploitation,
            "note": NoteForm(formdata=None), "consent": ConsentForm(formdata=None, on=date.today())}


def _user_names(organisation_id):
    """Display names of the organisation's users by id (one query for the whole timeline)."""
    rows = db.session.execute(select(User.id, User.display_name).where(User.organisation_id == organisation_id))
    return {str(user_id): name for user_id, name in rows}

