"""Role checks for views; the organisation scoping lives in each feature's queries."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from caseapp.core.scopes import guard


def roles_required(*roles):
    """Allow the view only to signed-in users holding one of ``roles``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            # After the role check, so a role without access still gets 403, not 404.
            guard()
            return view(*args, **kwargs)

        # Pages that link to this view ask it whom it lets in (e.g. the audit trail's target links).
        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator
