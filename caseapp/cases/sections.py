"""Sections other features add to the case page (placements, reflection period, referrals...).

A feature calls ``add_case_section`` from its ``init_app``; the case page
renders each section's template with ``section.context``, the dict its
``context(case, user)`` returned (None hides the section). The case page
therefore never needs editing for a new feature.
"""

from dataclasses import dataclass

from flask import current_app

EXTENSION_KEY = "caseapp.case_sections"


@dataclass(frozen=True)
class CaseSection:
    """A part of the case page: its template, what fills it, and where it goes."""

    name: str
    template: str
    context: object
    order: int = 50


@dataclass(frozen=True)
class RenderedSection:
    """A section with the context it was given for one case."""

    name: str
    template: str
    context: dict


def add_case_section(app, name, template, context, order=50):
    """Show ``template`` on the case page, filled by ``context(case, user)``."""
    sections = app.extensions.setdefault(EXTENSION_KEY, [])
    sections.append(CaseSection(name, template, context, order))
    sections.sort(key=lambda section: section.order)


def sections_for(case, user):
    """The sections to show on ``case``'s page for ``user``, in order."""
    rendered = []
    for section in current_app.extensions.get(EXTENSION_KEY, []):
        context = section.context(case, user)
        if context is not None:
            rendered.append(RenderedSection(section.name, section.template, context))
    return rendered
