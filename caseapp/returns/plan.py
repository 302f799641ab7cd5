"""The reintegration plan: items of support, each planned, started, done or dropped, with an encrypted note."""

from sqlalchemy import select

from caseapp.cases.services import record_event
from caseapp.core.concurrency import check_version, flush_versioned
from caseapp.extensions import db
from caseapp.returns.models import PlanItem, PlanKind, PlanStatus, PreparedReturn


def add_item(prepared, actor, kind, note=None):
    """Add an item to the return's plan, planned."""
    item = PlanItem(return_id=prepared.id, kind=PlanKind(kind), status=PlanStatus.PLANNED)
    item.note = (note or "").strip() or None
    db.session.add(item)
    db.session.flush()
    record_event(prepared.case, actor.id, "return_plan_item", return_id=prepared.id, support=item.kind,
                 status=item.status)
    return item


def update_item(item, actor, version, *, status, note=None):
    """Change the item's status and note."""
    check_version(item, version)
    item.status = PlanStatus(status)
    item.note = (note or "").strip() or None
    record_event(item.prepared_return.case, actor.id, "return_plan_item", return_id=item.return_id,
                 support=item.kind, status=item.status)
    flush_versioned()


def get_item(user, item_id, get_return):
    """The plan item if the user may see its return (``get_return(user, id)``), else None."""
    item = db.session.scalar(select(PlanItem).join(PreparedReturn).where(
        PlanItem.id == item_id, PreparedReturn.organisation_id == user.organisation_id))
    return item if item is not None and get_return(user, item.return_id) is not None else None
