"""The case state machine: every status change is validated here and nowhere else.

    open ──► identified ──► reflection ──► return ──► follow_up ──► closed
      │          │  └──────────────────────►┘  │                      ▲
      │          └─────────────────────────────┼──────────────────────┤
      └──► not_victim ─────────────────────────┴──────────────────────┘

Closing needs an outcome; a closed case can be reopened. Entering ``return``
needs the person's consent to share data with the return organisation.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class CaseStatus(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    IDENTIFIED = "identified"
    NOT_VICTIM = "not_victim"
    REFLECTION = "reflection"
    RETURN = "return"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class ClosureOutcome(StrEnum):
    """How a case ended."""

    RETURNED = "returned"
    RESIDENCE_PERMIT = "residence_permit"
    ASYLUM = "asylum"
    LOST_CONTACT = "lost_contact"
    NOT_A_VICTIM = "not_a_victim"
    OTHER = "other"


STATUS_LABELS = {
    CaseStatus.OPEN: _l("Open"),
    CaseStatus.IDENTIFIED: _l("Identified"),
    CaseStatus.NOT_VICTIM: _l("Not a victim"),
    CaseStatus.REFLECTION: _l("Reflection period"),
    CaseStatus.RETURN: _l("Prepared return"),
    CaseStatus.FOLLOW_UP: _l("Follow-up after return"),
    CaseStatus.CLOSED: _l("Closed"),
}

OUTCOME_LABELS = {
    ClosureOutcome.RETURNED: _l("Returned home"),
    ClosureOutcome.RESIDENCE_PERMIT: _l("Residence permit"),
    ClosureOutcome.ASYLUM: _l("Asylum"),
    ClosureOutcome.LOST_CONTACT: _l("Lost contact"),
    ClosureOutcome.NOT_A_VICTIM: _l("Not a victim"),
    ClosureOutcome.OTHER: _l("Other"),
}

S = CaseStatus
TRANSITIONS = {
    S.OPEN: {S.IDENTIFIED, S.NOT_VICTIM, S.CLOSED},
    S.IDENTIFIED: {S.REFLECTION, S.RETURN, S.CLOSED},
    S.NOT_VICTIM: {S.CLOSED},
    S.REFLECTION: {S.RETURN, S.CLOSED},
    S.RETURN: {S.FOLLOW_UP, S.CLOSED},
    S.FOLLOW_UP: {S.CLOSED},
    S.CLOSED: {S.OPEN},
}


class TransitionError(ValueError):
    """The requested status change is not allowed; the message is user-facing."""


def allowed_targets(status):
    """The statuses a case in ``status`` may move to."""
    return TRANSITIONS[CaseStatus(status)]


def check_transition(current, target, *, outcome=None, has_return_consent=False):
    """Raise TransitionError unless ``current`` → ``target`` is allowed with these facts."""
    current, target = CaseStatus(current), CaseStatus(target)
    if target not in TRANSITIONS[current]:
        raise TransitionError(_l("A case that is “%(current)s” cannot become “%(target)s”.",
                                 current=STATUS_LABELS[current], target=STATUS_LABELS[target]))
    if target == S.CLOSED and outcome is None:
        raise TransitionError(_l("Choose how the case ended before closing it."))
    if target != S.CLOSED and outcome is not None:
        raise TransitionError(_l("An outcome is only given when the case is closed."))
    if target == S.RETURN and not has_return_consent:
        raise TransitionError(_l("A prepared return needs the person's consent to share data "
                                 "with the return organisation."))
