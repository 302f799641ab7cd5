"""What prepared returns add to the case page and to the task list."""

from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.roles import CASE_WORKER_ROLES
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import has_consent
from caseapp.returns.models import ReturnStatus
from caseapp.returns.services import returns_of_case


def case_section(case):
    """The case's returns, the one not cancelled (from the same list: no query of its own), whether one may be made."""
    returns = returns_of_case(case)
    current = next((prepared for prepared in returns if prepared.status != ReturnStatus.CANCELLED), None)
    return {"returns": returns, "current": current,
            "has_consent": has_consent(case, ConsentPurpose.SHARE_RETURN_ORGANISATION),
            "can_refer": current_user.role in CASE_WORKER_ROLES,
            "summary": returns[0].status_label if returns else _("None prepared")}
