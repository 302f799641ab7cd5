"""Statistics pages."""

from caseapp.stats import bp  # noqa: F401
