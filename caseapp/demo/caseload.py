"""What a bulk demo person's casework looks like today: the status of the case (if any) drawn from a realistic
caseload, and the day the work began, recent for open cases and anywhere in the history for closed ones."""

from datetime import timedelta

from caseapp.cases.lifecycle import CaseStatus

# The years of work a bulk run stands for (a national installation after twenty years, see DESIGN.md).
HISTORY_DAYS = 20 * 365
# Shares of the statuses among a run's cases, after its first cases took each status once (so a small demo
# still shows them all). Denmark identifies under a hundred victims a year and an organisation's work with a
# person lasts months, so over twenty years nearly every case is closed or found not to concern a victim; the
# open ones are the last months' work: mostly still being assessed or followed up after the return home, few
# in a reflection period or preparing the return (they hold the few shelter beds).
STATUS_SHARES = {
    CaseStatus.CLOSED: 0.816,
    CaseStatus.NOT_VICTIM: 0.15,
    CaseStatus.OPEN: 0.015,
    CaseStatus.IDENTIFIED: 0.006,
    CaseStatus.REFLECTION: 0.003,
    CaseStatus.RETURN: 0.002,
    CaseStatus.FOLLOW_UP: 0.008,
}
STATUSES, WEIGHTS = list(STATUS_SHARES), list(STATUS_SHARES.values())
# Days before today the case opened, by status, so its course lands where the status says today: assessment
# and a pending decision are recent, a running reflection period (100 days) began within its length, a return
# is prepared within months, and the months of follow-ups after departure are still running. Decisions come
# 1-30 days after opening, departure 14-90 days after the decision (bulk_casework._course).
OPENED_DAYS_AGO = {
    CaseStatus.OPEN: (0, 90),
    CaseStatus.IDENTIFIED: (0, 120),
    CaseStatus.REFLECTION: (1, 60),
    CaseStatus.RETURN: (20, 150),
    CaseStatus.FOLLOW_UP: (30, 200),
}
# Closed cases and persons without a case: any time in the history, at least a month ago.
PAST = (30, HISTORY_DAYS)
# Closed cases that went through a reflection period and a shelter stay; the others closed after the
# assessment (lost contact, asylum, a residence permit).
CLOSED_AFTER_STAY = 0.3


def draw_status(rng, setting):
    """The status of the run's next case: each status once for its first cases, then by ``STATUS_SHARES``."""
    made, setting.cases_made = setting.cases_made, setting.cases_made + 1
    if made < len(STATUSES):
        return STATUSES[made]
    return rng.choices(STATUSES, WEIGHTS)[0]


def first_contact(rng, now, status):
    """When the person was first met (and the case, if any, opened) for a case in ``status`` (None: no case)."""
    low, high = OPENED_DAYS_AGO.get(status, PAST)
    return now - timedelta(days=rng.randint(low, high), minutes=rng.randint(0, 1439))


def later_contact(rng, now, first):
    """A contact after the first one, within the year that followed it (and not after now)."""
    span = min(now - first, timedelta(days=365))
    return first + span * rng.random()
