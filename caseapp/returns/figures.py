"""What the national indicator counts of returns: departures, and follow-up periods completed."""

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from caseapp.cases.models import Case
from caseapp.returns.models import FollowUp, PreparedReturn, ReturnStatus


def _scoped(query, organisation_ids):
    return query if organisation_ids is None else query.where(Case.organisation_id.in_(organisation_ids))


def departed_events(organisation_ids):
    """(person_id, organisation_id, occurred_on) of every prepared return carried out, on the departure day."""
    query = (select(Case.person_id, Case.organisation_id, PreparedReturn.departed_on.label("occurred_on"))
             .join(Case, Case.id == PreparedReturn.case_id)
             .where(PreparedReturn.status == ReturnStatus.DEPARTED, PreparedReturn.departed_on.is_not(None)))
    return _scoped(query, organisation_ids)


def completed_events(organisation_ids):
    """(person_id, organisation_id, occurred_on) of every follow-up period completed: its last contact's day."""
    later = aliased(FollowUp)
    query = (select(Case.person_id, Case.organisation_id, FollowUp.done_on.label("occurred_on"))
             .join(PreparedReturn, PreparedReturn.id == FollowUp.return_id)
             .join(Case, Case.id == PreparedReturn.case_id)
             .where(FollowUp.done_on.is_not(None),
                    ~exists().where(later.return_id == FollowUp.return_id, later.number > FollowUp.number)))
    return _scoped(query, organisation_ids)
