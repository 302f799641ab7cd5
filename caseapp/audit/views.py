"""The audit page: an organisation's trail for its coordinators and admins."""

from flask import current_app, render_template
from flask_login import current_user

from caseapp.audit import bp, services
from caseapp.auth.roles import OVERSIGHT_ROLES
from caseapp.core.pagination import requested_page
from caseapp.core.permissions import roles_required


@bp.get("/")
@roles_required(*OVERSIGHT_ROLES)
def index():
    """The organisation's audit entries, newest first, a page at a time."""
    page = requested_page()
    per_page = current_app.config["PAGE_SIZE"]
    rows, total = services.organisation_trail(current_user.organisation_id, page, per_page)
    return render_template("audit/index.html", rows=rows, total=total, page=page,
                           has_next=page * per_page < total)
