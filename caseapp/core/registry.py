"""Where features plug in: timeline kinds, navigation, home and case pages, erasure, export, audit, due items,
reminders and demo data.

Each feature registers what it adds from its own ``init_app``; core and the
other features only read the registry. A new feature is therefore seen on
the timeline, in the menu, in erasure, in the audit trail and in the task
list without editing another feature (the pattern of Indico's modules).

A task source is asked once for all the task list's windows of due dates
(core.due.DueWindows) and answers each with that window's soonest items and
their count (core.due.DueBatch), selected in SQL in one statement, so the
task list is bounded however much work is due.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from caseapp.core.due import DueBatch, DueWindows, merged

EXTENSION_KEY = "caseapp.registry"


@dataclass(frozen=True)
class TimelineKind:
    """A kind of case timeline event: its code, a short label and the template that renders one."""

    code: str
    label: object
    template: str


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation, shown to the given roles, placed by ``order``."""

    endpoint: str
    label: object
    roles: frozenset
    order: int = 50


@dataclass(frozen=True)
class HomeSection:
    """A part of the home page (a template) shown to the given roles, placed by ``order``."""

    template: str
    roles: frozenset
    order: int = 50


@dataclass(frozen=True)
class CaseSection:
    """A part of the case page: its title, a template and the function giving its variables for one case.

    The case page shows each section closed behind its title; a ``summary`` in the variables is shown
    beside the title, so the section's state is read without opening it.
    """

    template: str
    context: Callable
    title: object
    order: int = 50

    @property
    def anchor(self):
        """The section's element id on the case page, from the feature that adds it."""
        return part_anchor(self.template.split("/")[0])


def part_anchor(feature):
    """The id of ``feature``'s part of the case page: a link to it opens the part (static/js/pages.js)."""
    return f"case-{feature}"


@dataclass(frozen=True)
class ViewAction:
    """How the audit trail names a view of personal data sent with ``purpose``."""

    action: str
    target_type: str | None


@dataclass(frozen=True)
class DueItem:
    """Something a worker must do by ``due_on``; the title carries no personal data."""

    due_on: date
    title: object
    assigned_to_id: uuid.UUID | None
    case_id: uuid.UUID | None = None
    # The case's short reference: the only case identifier a task shows.
    reference: str | None = None
    endpoint: str | None = None
    url_values: dict = field(default_factory=dict)


# hook(organisation_id, person_id, case_ids): runs before the person and their cases are deleted.
ErasureHook = Callable[[uuid.UUID, uuid.UUID, list], None]
# section(organisation_id, person): a JSON-ready part of the subject-access export.
ExportSection = Callable[[uuid.UUID, object], object]
# source(user, today, windows): for each window, a core.due.DueBatch of the items due for ``user`` in it (soonest
# first, at most windows.limit, with their count); for a coordinator, the organisation's. Select them in SQL, one
# statement for all the windows (core.due.due_batches).
TaskSource = Callable[[object, date, DueWindows], list[DueBatch]]
# source(today, config): send the feature's due reminders once each; returns counts (see reflection.reminders).
ReminderSource = Callable[[date, object], object]
# step(): add a feature's demo data after the built-in demo (organisations, accounts, shelter work); flushes only.
DemoStep = Callable[[], None]
# step(rng, setting, case): queue a feature's bulk demo rows for one generated case (core.bulk.BulkCase).
BulkDemoStep = Callable[[object, object, object], None]


@dataclass
class Registry:
    """Everything the features have registered with one application."""

    timeline_kinds: dict[str, TimelineKind] = field(default_factory=dict)
    navigation: list[NavEntry] = field(default_factory=list)
    home_sections: list[HomeSection] = field(default_factory=list)
    case_sections: list[CaseSection] = field(default_factory=list)
    erasure_hooks: list[ErasureHook] = field(default_factory=list)
    export_sections: dict[str, ExportSection] = field(default_factory=dict)
    view_actions: dict[str, ViewAction] = field(default_factory=dict)
    task_sources: list[TaskSource] = field(default_factory=list)
    audit_actions: dict[str, object] = field(default_factory=dict)
    audit_targets: dict[str, object] = field(default_factory=dict)
    reminder_sources: dict[str, ReminderSource] = field(default_factory=dict)
    demo_steps: list[DemoStep] = field(default_factory=list)
    bulk_demo_steps: list[BulkDemoStep] = field(default_factory=list)

    def add_timeline_kind(self, code, label, template):
        """Let the timeline record and show events of kind ``code``."""
        _add_once(self.timeline_kinds, code, TimelineKind(code, label, template))

    def add_nav_entry(self, endpoint, label, roles, order=50):
        """Show a link to ``endpoint`` to users holding one of ``roles``."""
        self.navigation.append(NavEntry(endpoint, label, frozenset(roles), order))
        self.navigation.sort(key=lambda entry: entry.order)

    def add_home_section(self, template, roles, order=50):
        """Include ``template`` on the home page of users holding one of ``roles``."""
        self.home_sections.append(HomeSection(template, frozenset(roles), order))
        self.home_sections.sort(key=lambda section: section.order)

    def add_case_section(self, template, context, title, order=50):
        """Show ``template`` on the case page behind ``title``, with the variables ``context(case)`` returns."""
        self.case_sections.append(CaseSection(template, context, title, order))
        self.case_sections.sort(key=lambda section: section.order)

    def add_erasure_hook(self, hook):
        """Run ``hook`` when a person is erased, before the database cascades delete their rows."""
        self.erasure_hooks.append(hook)

    def add_export_section(self, name, section):
        """Add ``name`` to the subject-access export, filled by ``section``."""
        _add_once(self.export_sections, name, section)

    def add_view_action(self, purpose, action, target_type):
        """Name the audit action for a view of personal data sent with ``purpose``."""
        _add_once(self.view_actions, purpose, ViewAction(action, target_type))

    def add_audit_labels(self, actions=None, targets=None):
        """Name the audit trail's ``actions`` and ``targets`` (code → label) a feature records."""
        for code, label in (actions or {}).items():
            _add_once(self.audit_actions, code, label)
        for code, label in (targets or {}).items():
            _add_once(self.audit_targets, code, label)

    def add_task_source(self, source):
        """Ask ``source(user, today, windows)`` for each window's due items when a task list is built."""
        self.task_sources.append(source)

    def add_reminder_source(self, name, source):
        """Let `caseapp reminders send` send ``name``'s due reminders through ``source(today, config)``."""
        _add_once(self.reminder_sources, name, source)

    def add_demo_step(self, step):
        """Run ``step()`` when the demo data is created, after the built-in steps."""
        self.demo_steps.append(step)

    def add_bulk_demo_step(self, step):
        """Run ``step(rng, setting, case)`` for each case the bulk demo generator makes, in registration order."""
        self.bulk_demo_steps.append(step)

    def nav_for(self, role):
        """The navigation entries ``role`` sees, in order."""
        return [entry for entry in self.navigation if role in entry.roles]

    def home_sections_for(self, role):
        """The home page sections ``role`` sees, in order."""
        return [section for section in self.home_sections if role in section.roles]

    def due_items(self, user, today, windows):
        """For each window, the ``windows.limit`` soonest items every registered source has due for ``user``, counted."""
        answers = [source(user, today, windows) for source in self.task_sources]
        return [merged([answer[index] for answer in answers], windows.limit) for index in range(len(windows.bounds))]


def _add_once(mapping, key, value):
    if key in mapping and mapping[key] != value:
        raise ValueError(f"{key!r} is registered twice with different meanings.")
    mapping[key] = value


def registry(app=None):
    """The registry of ``app`` (the current app by default)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def init_app(app):
    """Give ``app`` an empty registry and let templates read the navigation."""
    app.extensions[EXTENSION_KEY] = Registry()
    app.context_processor(lambda: {"registry": registry(app)})
