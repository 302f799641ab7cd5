"""One batch of bulk demo rows: what each batch draws on and the rows it collects per table."""

from dataclasses import dataclass, field

from caseapp.demo.receiving import receive_case


@dataclass
class Setting:
    """The organisations, their workers, the keys and clock, the reference counters, and this batch's rows.

    ``people`` holds this batch's persons (plain row and secrets, by id) for
    a feature that shares them, ``steps`` the features' bulk demo steps and
    ``memo`` what a step looked up once for the whole run.
    """

    organisations: list
    workers: dict
    keyring: object
    now: object
    counters: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    cases_made: int = 0
    people: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)
    memo: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)

    def add(self, model, row):
        """Queue ``row`` for ``model``'s bulk insert at the end of the batch."""
        self.rows.setdefault(model, []).append(row)

    def remember(self, key, look_up):
        """``look_up()``, called once per run for ``key``."""
        if key not in self.memo:
            self.memo[key] = look_up()
        return self.memo[key]

    def receive_case(self, rng, case, organisation_id, fields):
        """The receiving organisation's own person (``fields`` copied) and case for ``case``, steps run on it."""
        return receive_case(rng, self, case, organisation_id, fields)
