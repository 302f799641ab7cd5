"""Panels features add to the role home pages (e.g. the deadline board, free beds).

A feature calls ``add_home_panel`` from its ``init_app``; the home page
renders each panel meant for the user's role with ``panel.context``, the
dict ``context(user, today)`` returned (None hides the panel).
"""

from dataclasses import dataclass

from flask import current_app

EXTENSION_KEY = "caseapp.home_panels"


@dataclass(frozen=True)
class HomePanel:
    """A part of a home page: who sees it, its template and what fills it."""

    roles: frozenset
    template: str
    context: object
    order: int = 50


@dataclass(frozen=True)
class RenderedPanel:
    """A panel with the context it was given for one user."""

    template: str
    context: dict


def add_home_panel(app, roles, template, context, order=50):
    """Show ``template`` on the home page of ``roles``, filled by ``context(user, today)``."""
    panels = app.extensions.setdefault(EXTENSION_KEY, [])
    panels.append(HomePanel(frozenset(roles), template, context, order))
    panels.sort(key=lambda panel: panel.order)


def panels_for(user, today):
    """The panels of ``user``'s home page, in order."""
    rendered = []
    for panel in current_app.extensions.get(EXTENSION_KEY, []):
        if user.role in panel.roles:
            context = panel.context(user, today)
            if context is not None:
                rendered.append(RenderedPanel(panel.template, context))
    return rendered
