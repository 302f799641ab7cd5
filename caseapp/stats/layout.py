"""From counts to the cells of a release, and the model an attacker of the ledger faces.

Units (what the attacker does not see) are the inner counts of each table:
per dimension leaf and column. Presumed persons and service figures are
per period (a longer period is not a sum of shorter ones, but it never
counts fewer; releases of the same period share their units); identified persons are per segment of time, because a
person's first identification falls in exactly one segment, so releases
of overlapping periods are sums of the same segments. Tables of one
universe share their total, which binds their units.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np

from caseapp.stats import catalogue as cg
from caseapp.stats.catalogue import IDENTIFIED, PRESUMED, SERVICES, TOTAL
from caseapp.stats.disclosure import Cell, Frame

NEW = "new"


@dataclass
class Shape:
    """One release in the model: its tag, period, countries with rows of their own, and its counts."""

    tag: str
    period: tuple
    shown: dict
    presumed: Counter = field(default_factory=Counter)
    services: dict = field(default_factory=dict)
    # Suppressed and published cell keys of an earlier release (None for the one being made).
    pattern: dict | None = None


def segments(periods):
    """The pieces of time that every period in ``periods`` is a union of, in order."""
    cuts = sorted({p[0] for p in periods} | {p[1] + timedelta(days=1) for p in periods})
    pieces = [(a, b - timedelta(days=1)) for a, b in zip(cuts, cuts[1:])]
    return [piece for piece in pieces if any(p[0] <= piece[0] and piece[1] <= p[1] for p in periods)]


def shown_countries(counter, k, citizenship_at=2):
    """Countries outside Denmark holding at least ``k`` persons in ``counter``: they get rows of their own."""
    totals = Counter()
    for key, persons in counter.items():
        group, country = key[citizenship_at]
        if country and group in ("other_eu", "non_eu"):
            totals[country] += persons
    return tuple(sorted(country for country, persons in totals.items() if persons >= k))


class Builder:
    """Collects units and cells for several releases, then makes the Frame."""

    def __init__(self, shapes, identified, pieces):
        self.shapes, self.identified, self.pieces = shapes, identified, pieces
        self.known = {u: tuple(sorted({c for s in shapes for c in s.shown.get(u, ())})) for u in (PRESUMED, IDENTIFIED)}
        self.units, self.truth, self.cells, self.equalities, self.inequalities = {}, [], [], [], []

    def frame(self):
        """The Frame of every shape's cells, with the fixed status of earlier releases."""
        for shape in self.shapes:
            self._presumed(shape)
            self._identified(shape)
            self._services(shape)
        self._segments()
        self._star_presumed()
        self._star_identified()
        self._across_releases()
        return Frame(np.array(self.truth, dtype=float), self.cells, self.equalities, self.inequalities)

    def unit(self, key, value=0):
        """The index of the unit ``key``, made with its true value on first use."""
        if key not in self.units:
            self.units[key] = len(self.truth)
            self.truth.append(value)
        return self.units[key]

    def _presumed(self, shape):
        truth = _marginals(shape.presumed, self.known[PRESUMED])
        for dimension in cg.DIMENSIONS:
            for leaf in cg.leaves(dimension, (), self.known[PRESUMED]):
                self.unit((PRESUMED, dimension, leaf, shape.period), truth[dimension][leaf])
        self._table_cells(shape, PRESUMED, lambda d, leaf, _col: [self.units[(PRESUMED, d, leaf, shape.period)]])

    def _identified(self, shape):
        truth = _marginals(self.identified, self.known[IDENTIFIED], with_body=True)
        inside = [i for i, piece in enumerate(self.pieces) if shape.period[0] <= piece[0] and piece[1] <= shape.period[1]]
        for dimension in cg.DIMENSIONS:
            for leaf in cg.leaves(dimension, (), self.known[IDENTIFIED]):
                for body in cg.columns(IDENTIFIED)[:-1]:
                    for i in range(len(self.pieces)):
                        self.unit((IDENTIFIED, dimension, leaf, body.code, i), truth[dimension][(leaf, body.code, i)])
        self._table_cells(shape, IDENTIFIED, lambda d, leaf, col: [
            self.units[(IDENTIFIED, d, leaf, col, i)] for i in inside])

    def _segments(self):
        """Each piece of time between releases, as cells nobody publishes but an attacker can subtract to.

        With a year and its first half published, the second half is their
        difference: its small cells must be protected like published ones.
        """
        if len(self.pieces) < 2:
            return
        for i, piece in enumerate(self.pieces):
            shape = Shape(f"piece{i}", piece, {IDENTIFIED: self.known[IDENTIFIED]},
                          pattern={"suppressed": (), "published": ()})
            before = len(self.cells)
            self._table_cells(shape, IDENTIFIED, lambda d, leaf, col, i=i: [self.units[(IDENTIFIED, d, leaf, col, i)]],
                              hidden=True)
            for cell in self.cells[before:]:
                cell.lines = []

    def _services(self, shape):
        for code, persons in shape.services.items():
            if persons is None or not self._in_pattern(shape, (SERVICES, SERVICES, code, cg.PERSONS)):
                continue
            unit = self.unit((SERVICES, code, shape.period), persons)
            self._add(shape, (SERVICES, SERVICES, code, cg.PERSONS), [unit], 1, [], (SERVICES, code))

    def _table_cells(self, shape, universe, units_of, hidden=False):
        cols = cg.columns(universe)
        body_codes = [c.code for c in cols if c.code != TOTAL]
        shown = shape.shown.get(universe, ())
        for dimension in cg.DIMENSIONS:
            every = cg.rows(dimension, shown, self.known[universe]) + (cg.total_row(dimension, shown,
                                                                                    self.known[universe]),)
            for row in every:
                if row.code == TOTAL and dimension != cg.DIMENSIONS[0]:
                    if not hidden:
                        self._total_lines(shape, universe, dimension, row, cols)
                    continue
                for col in cols:
                    key = (universe, "*" if row.code == TOTAL else dimension, row.code, col.code)
                    units = [u for leaf in row.leaves for body in col.leaves for u in units_of(dimension, leaf, body)]
                    lines = [[(universe, key[1] if row.code != TOTAL else dimension, child, col.code)
                              for child in row.children]] if row.children else []
                    if col.code == TOTAL:
                        lines.append([(universe, key[1], row.code, code) for code in body_codes])
                    self._add(shape, key, units, len(row.leaves) * len(col.leaves), lines,
                              (universe, key[1], row.leaves, col.code), hidden)

    def _total_lines(self, shape, universe, dimension, row, cols):
        """The shared total row is also the sum of this dimension's top-level rows."""
        for col in cols:
            cell = self.cells[self._index(shape, (universe, "*", TOTAL, col.code))]
            cell.lines.append([(shape.tag, universe, dimension, child, col.code) for child in row.children])

    def _add(self, shape, key, units, weight, lines, signature, hidden=False):
        if hidden:
            # Never published and never changed: the attacker's unknowns, protected if small.
            self.cells.append(Cell((shape.tag, *key), units, float(weight), fixed=True, suppressed=True,
                                   signature=("hidden",) + signature))
            return
        if not self._in_pattern(shape, key):
            return
        full = (shape.tag, *key)
        lines = [[(shape.tag, *part) if len(part) == 4 else part for part in line] for line in lines]
        pattern = shape.pattern
        suppressed = pattern is not None and "/".join(key) in pattern["suppressed"]
        self.cells.append(Cell(full, units, float(weight), fixed=pattern is not None, suppressed=suppressed,
                               lines=lines, signature=signature))

    def _in_pattern(self, shape, key):
        if shape.pattern is None:
            return True
        name = "/".join(key)
        return name in shape.pattern["suppressed"] or name in shape.pattern["published"]

    def _index(self, shape, key):
        full = (shape.tag, *key)
        return next(i for i, cell in enumerate(self.cells) if cell.key == full)

    def _star_presumed(self):
        for period in sorted({shape.period for shape in self.shapes}):
            self._star(PRESUMED, (period,))

    def _star_identified(self):
        for body in cg.columns(IDENTIFIED)[:-1]:
            for i in range(len(self.pieces)):
                self._star(IDENTIFIED, (body.code, i))

    def _star(self, universe, suffix):
        """The tables of one universe count the same persons: their leaf sums are equal."""
        def total(dimension):
            keys = [(universe, dimension, leaf, *suffix) for leaf in cg.leaves(dimension, (), self.known[universe])]
            return [self.units[key] for key in keys]

        first = total(cg.DIMENSIONS[0])
        for dimension in cg.DIMENSIONS[1:]:
            relation = Counter({u: 1 for u in first})
            relation.subtract({u: 1 for u in total(dimension)})
            self.equalities.append({u: c for u, c in relation.items() if c})

    def _across_releases(self):
        """A period inside another never counts more persons in the same cell (presumed, services)."""
        by_signature = {}
        for cell in self.cells:
            if cell.signature[0] in (PRESUMED, SERVICES):
                by_signature.setdefault(cell.signature, []).append(cell)
        periods = {shape.tag: shape.period for shape in self.shapes}
        for group in by_signature.values():
            for inner in group:
                for outer in group:
                    a, b = periods[inner.key[0]], periods[outer.key[0]]
                    if a != b and b[0] <= a[0] and a[1] <= b[1]:
                        relation = Counter({u: 1 for u in inner.units})
                        relation.subtract({u: 1 for u in outer.units})
                        self.inequalities.append({u: c for u, c in relation.items() if c})


def _marginals(counter, known_countries, with_body=False):
    """{dimension: Counter(leaf or (leaf, body, segment))} from a counter of category combinations."""
    found = {d: Counter() for d in cg.DIMENSIONS}
    for key, persons in counter.items():
        gender, age, (group, country), exploitation = key[:4]
        extra = key[4:6] if with_body else ()
        leaves = {cg.SEX: gender, cg.AGE: age, cg.CITIZENSHIP: cg.citizenship_leaf(group, country, known_countries),
                  cg.EXPLOITATION: exploitation}
        for dimension, leaf in leaves.items():
            found[dimension][(leaf, *extra) if extra else leaf] += persons
    return found
