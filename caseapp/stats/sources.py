"""Where other features plug their data into the indicator, from their own ``init_app``.

A feature that records shelter placements, reflection periods, returns or
follow-ups calls ``register_figure(app, code, events)`` with a catalogue
code from ``stats.catalogue.SERVICE_FIGURES`` and a function
``events(organisation_ids)`` returning a SELECT of the columns
``person_id, organisation_id, occurred_on`` (a date), one row per event,
within those organisations (None: every organisation). A feature that links
two records of one person (a referral) calls ``register_link_source``.
Statistics count distinct persons per figure and keep the event days when a
person is erased, so past figures do not change.
"""

from dataclasses import dataclass, field

from flask import current_app

EXTENSION_KEY = "caseapp.stats"


@dataclass
class StatsSources:
    """The figure and link sources registered with one application."""

    figures: dict = field(default_factory=dict)
    links: list = field(default_factory=list)


def sources(app=None):
    """The sources of ``app`` (the current app by default)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def register_figure(app, code, events):
    """Count the persons in ``events(organisation_ids)`` for the service figure ``code``."""
    from caseapp.stats.catalogue import SERVICE_FIGURES

    if code not in SERVICE_FIGURES:
        raise ValueError(f"{code!r} is not a service figure of the statistics catalogue.")
    if code in sources(app).figures:
        raise ValueError(f"{code!r} already has a source.")
    sources(app).figures[code] = events


def register_link_source(app, source):
    """Treat the pairs of ``source(organisation_ids)`` (a, organisation_a, b, organisation_b, kind) as one person."""
    sources(app).links.append(source)


def init_app(app):
    """Give ``app`` empty statistics sources."""
    app.extensions[EXTENSION_KEY] = StatsSources()
