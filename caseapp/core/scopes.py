"""Roles that see fewer records than their whole organisation (e.g. shelter staff: their shelters' cases).

A feature registers, for a role, a provider: ``provider(user)`` returns a
``Scope`` of SELECTs of the case, person and contact ids the user may see,
and the same cases as a condition on the cases table. Lists ask
``case_condition(user)``, ``person_scope(user)`` and ``contact_scope(user)``
(None: the whole organisation); the cases' condition is checked on the rows
a query reads instead of first listing every case in the scope (thousands
for a shelter worker of twenty years).
``roles_required`` then refuses with 404 any URL whose ``case_id``,
``person_id`` or ``contact_id`` lies outside the scope (``guard``), so a new
route with one of these ids is covered without being listed anywhere.
"""

from dataclasses import dataclass

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import select

from caseapp.extensions import db

EXTENSION_KEY = "caseapp.scopes"
URL_ARGUMENTS = {"case_id": "cases", "person_id": "persons", "contact_id": "contacts"}


@dataclass(frozen=True)
class Scope:
    """SELECTs of one column each: the ids of the cases, persons and contacts a user may see.

    ``case_rows``: a condition on the cases table that holds for exactly the cases of ``cases``.
    """

    cases: object
    persons: object
    contacts: object
    case_rows: object


def add_scope(app, role, provider):
    """Let ``provider(user)`` narrow what users holding ``role`` see."""
    app.extensions[EXTENSION_KEY][role] = provider


def scope_for(user):
    """The user's Scope, or None when they see their whole organisation."""
    if not getattr(user, "is_authenticated", False):
        return None
    provider = current_app.extensions[EXTENSION_KEY].get(user.role)
    return provider(user) if provider else None


def case_condition(user):
    """A condition on the cases table for the cases ``user`` may see, or None for all of the organisation's."""
    scope = scope_for(user)
    return scope.case_rows if scope else None


def person_scope(user):
    """A SELECT of the person ids ``user`` may see, or None for all of the organisation's."""
    scope = scope_for(user)
    return scope.persons if scope else None


def contact_scope(user):
    """A SELECT of the contact ids ``user`` may see, or None for all of the organisation's."""
    scope = scope_for(user)
    return scope.contacts if scope else None


def allowed(user, kind, record_id):
    """True when ``user`` may see the record of ``kind`` ("cases", "persons", "contacts") with this id."""
    scope = scope_for(user)
    if scope is None:
        return True
    ids = getattr(scope, kind).subquery()
    column = list(ids.columns)[0]
    return db.session.scalar(select(column).where(column == record_id)) is not None


def guard():
    """Answer 404 when the URL names a case, person or contact outside the user's scope."""
    for name, value in (request.view_args or {}).items():
        if name in URL_ARGUMENTS and not allowed(current_user, URL_ARGUMENTS[name], value):
            abort(404)


def init_app(app):
    """Start with no narrowed role."""
    app.extensions[EXTENSION_KEY] = {}
