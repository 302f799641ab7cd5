"""The audit page: an organisation's trail for its coordinators and admins, filtered by GET."""

from flask import current_app, render_template, request
from flask_login import current_user

from caseapp.audit import bp, trail
from caseapp.audit.forms import AuditFilterForm
from caseapp.audit.presenters import target_link
from caseapp.auth.roles import OVERSIGHT_ROLES
from caseapp.core.pagination import requested_page
from caseapp.core.permissions import roles_required
from caseapp.core.registry import registry


@bp.get("/")
@roles_required(*OVERSIGHT_ROLES)
def index():
    """The organisation's audit entries, newest first, a page at a time, filtered by day, action and user."""
    form = AuditFilterForm(request.args)
    form.set_options(registry().audit_actions, trail.trail_actors(current_user.organisation_id))
    trail_filter = form.to_filter() if form.validate() else trail.TrailFilter()
    page, per_page = requested_page(), current_app.config["PAGE_SIZE"]
    listed = trail.organisation_trail(current_user.organisation_id, page, per_page, trail_filter)
    filters = {name: value for name, value in request.args.items()
               if name not in ("page", "submit") and name in form and value}
    return render_template("audit/index.html", form=form, listed=listed, page=page, filters=filters,
                           link=lambda entry: target_link(entry, current_user.role))
