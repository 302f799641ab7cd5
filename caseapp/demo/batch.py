"""One batch of bulk demo rows: what each batch draws on and the rows it collects per table."""

from dataclasses import dataclass, field


@dataclass
class Setting:
    """The organisations, their workers, the keys and clock, the reference counters, and this batch's rows."""

    organisations: list
    workers: dict
    keyring: object
    now: object
    counters: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    cases_made: int = 0

    def add(self, model, row):
        """Queue ``row`` for ``model``'s bulk insert at the end of the batch."""
        self.rows.setdefault(model, []).append(row)
