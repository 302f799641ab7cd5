"""The case state machine: every status change is validated here and nowhere else.

    open ──► identified ──► reflection ──► return ──► follow_up ──► closed
      │          │  └──────────────────────►┘  │                      ▲
      │          └─────────────────────────────┼──────────────────────┤
      └──► not_victim ─────────────────────────┴──────────────────────┘

Closing needs an outcome; a closed case can be reopened. Entering ``return``
needs the person's consent to share data with the return organisation.
"""

from flask_babel import lazy_gettext as _l

from caseapp.core.enums import LabelledEnum


class CaseStatus(LabelledEnum):
    """Where a case stands."""

    OPEN = "open", _l("Open")
    IDENTIFIED = "identified", _l("Identified")
    NOT_VICTIM = "not_victim", _l("Not a victim")
    REFLECTION = "reflection", _l("Reflection period")
    RETURN = "return", _l("Prepared return")
    FOLLOW_UP = "follow_up", _l("Follow-up after return")
    CLOSED = "closed", _l("Closed")


class ClosureOutcome(LabelledEnum):
    """How a case ended."""

    RETURNED = "returned", _l("Returned home")
    RESIDENCE_PERMIT = "residence_permit", _l("Residence permit")
    ASYLUM = "asylum", _l("Asylum")
    LOST_CONTACT = "lost_contact", _l("Lost contact")
    NOT_A_VICTIM = "not_a_victim", _l("Not a victim")
    OTHER = "other", _l("Other")


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
                                 current=current.label, target=target.label))
    if target == S.CLOSED and outcome is None:
        raise TransitionError(_l("Choose how the case ended before closing it."))
    if target != S.CLOSED and outcome is not None:
        raise TransitionError(_l("An outcome is only given when the case is closed."))
    if target == S.RETURN and not has_return_consent:
        raise TransitionError(_l("A prepared return needs the person's consent to share data "
                                 "with the return organisation."))
