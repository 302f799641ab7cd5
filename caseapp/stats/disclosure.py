"""Disclosure control: primary and secondary cell suppression, and the attacker check.

Everything published is a set of cells, each a sum of non-negative *units*
(counts an attacker does not see: a table's inner cells, or the same
cells in an earlier release), bound by linear relations the attacker
knows: equal totals shared by several tables (``equalities``: E u = 0) and
what follows from the definitions across releases (``inequalities``:
G u <= 0, e.g. a longer period never counts fewer persons).

An attacker knows every published value and these relations; the tightest
range they can derive for a suppressed cell is a pair of linear programs.
A cell holding 1 to k-1 persons is protected when that range covers the
whole span 1..k-1; a line (a total and its parts) whose only non-empty part
is suppressed is protected when the attacker cannot rule out that someone
of the line sits in another part. Secondary suppression finds, for each
such requirement, the cheapest change of the true figures that keeps every
published cell as it is but moves the protected cell far enough, and
suppresses the cells that change: the attacker cannot tell that changed
world from the real one.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, vstack

EPSILON = 1e-6


@dataclass
class Cell:
    """One cell: its key, the units it sums, whether a later release may change its status."""

    key: tuple
    units: list
    weight: float = 1.0
    # True for cells of earlier releases: their status was published and stays as it was.
    fixed: bool = False
    suppressed: bool = False
    # Lists of cells summing to this one (a total and its parts), for the rule on disclosing zeros.
    lines: list = field(default_factory=list)
    # What the cell counts regardless of release, to relate the same cell of two releases.
    signature: tuple = ()


@dataclass
class Frame:
    """Units with their true counts, the cells built from them and the relations an attacker knows."""

    truth: np.ndarray
    cells: list
    equalities: list = field(default_factory=list)
    inequalities: list = field(default_factory=list)

    def __post_init__(self):
        self.index = {cell.key: i for i, cell in enumerate(self.cells)}
        self.matrix = _rows([cell.units for cell in self.cells], len(self.truth))
        self.values = self.matrix @ self.truth
        self.equality_matrix = _signed_rows(self.equalities, len(self.truth))
        self.inequality_matrix = _signed_rows(self.inequalities, len(self.truth))

    def value(self, key):
        """The true value of the cell ``key``."""
        return int(round(self.values[self.index[key]]))

    def published(self):
        """Indexes of the cells not suppressed."""
        return [i for i, cell in enumerate(self.cells) if not cell.suppressed]


@dataclass(frozen=True)
class Requirement:
    """The attacker's max (or min) of ``sum(cells)`` must reach ``bound``; ``cell`` is what it protects."""

    cell: tuple
    cells: tuple
    sense: str
    bound: float


@dataclass(frozen=True)
class Finding:
    """A requirement the attacker breaks, with the value they can reach."""

    requirement: Requirement
    reached: float


class ProtectionError(Exception):
    """The release cannot be protected (earlier releases pin a cell down); nothing is published."""


def suppress_primary(frame, k):
    """Suppress every changeable cell holding 1 to k-1 persons; return how many."""
    count = 0
    for i, cell in enumerate(frame.cells):
        if not cell.fixed and 1 <= round(frame.values[i]) < k:
            cell.suppressed, count = True, count + 1
    return count


def requirements(frame, k):
    """What protection means for this frame: the span 1..k-1 for small cells, and disclosing zeros."""
    needs = []
    for i, cell in enumerate(frame.cells):
        value = round(frame.values[i])
        if cell.suppressed and 1 <= value < k:
            # The cell's own value is in the attacker's range: a side it already reaches needs no program.
            needs += [Requirement(cell.key, (cell.key,), "max", k - 1)] if value < k - 1 else []
            needs += [Requirement(cell.key, (cell.key,), "min", 1)] if value > 1 else []
    for cell in frame.cells:
        # Earlier releases' lines were settled when they were published.
        needs += [] if cell.fixed else _zero_requirements(frame, cell, k)
    return sorted(set(needs), key=lambda need: (repr(need.cell), need.sense, repr(need.cells)))


def _zero_requirements(frame, total, k):
    """A line whose only non-empty part is a small suppressed cell: someone of it might be in another part."""
    needs = []
    for parts in total.lines:
        if any(key not in frame.index for key in parts):
            continue
        filled = [key for key in parts if frame.value(key) > 0]
        if len(filled) != 1 or not 1 <= frame.value(filled[0]) < k:
            continue
        others = tuple(key for key in parts if key != filled[0])
        needs += [Requirement(filled[0], others, "max", 1)] if others else []
    return needs


def suppress_secondary(frame, k):
    """Suppress further cells until every requirement holds; return how many were added.

    Suppressing more only widens the attacker's ranges, so one pass in a
    fixed order is enough and gives the same pattern for the same figures.
    """
    added, attacker = 0, Attacker(frame)
    for need in requirements(frame, k):
        if _reaches(attacker.extreme(need.cells, need.sense), need):
            continue
        changed = _repair(frame, need)
        for i in changed:
            frame.cells[i].suppressed = True
        added += len(changed)
        attacker = Attacker(frame)
    return added


def protect(frame, k):
    """Primary then secondary suppression; return (primary, secondary) counts."""
    return suppress_primary(frame, k), suppress_secondary(frame, k)


def attacker_ranges(frame):
    """The tightest (low, high) an attacker derives for each suppressed cell, by key."""
    attacker = Attacker(frame)
    return {cell.key: (attacker.extreme((cell.key,), "min"), attacker.extreme((cell.key,), "max"))
            for cell in frame.cells if cell.suppressed}


def attack(frame, k):
    """Every requirement the attacker breaks with what is published; empty when the frame is protected."""
    findings = []
    for cell in frame.cells:
        value = frame.value(cell.key)
        if not cell.suppressed and not cell.fixed and 1 <= value < k:
            findings.append(Finding(Requirement(cell.key, (cell.key,), "max", k - 1), value))
    attacker = Attacker(frame)
    for need in requirements(frame, k):
        reached = attacker.extreme(need.cells, need.sense)
        if not _reaches(reached, need):
            findings.append(Finding(need, reached))
    return findings


def _reaches(reached, need):
    # Integer counts: an attacker who derives 3.4 knows the cell is at most 3.
    if need.sense == "max":
        return np.floor(reached + EPSILON) >= need.bound
    return np.ceil(reached - EPSILON) <= need.bound


class Attacker:
    """The attacker's linear program for what is published now, built once and asked many questions."""

    def __init__(self, frame):
        published = frame.published()
        self.frame = frame
        self.a_eq = vstack([frame.matrix[published], frame.equality_matrix]).tocsr()
        self.b_eq = np.concatenate([frame.values[published], np.zeros(frame.equality_matrix.shape[0])])
        self.a_ub, self.b_ub = _or_none(frame.inequality_matrix), _zeros_or_none(frame.inequality_matrix)

    def extreme(self, keys, sense):
        """The attacker's min or max of the sum of the cells ``keys`` given everything published."""
        sign = -1 if sense == "max" else 1
        result = linprog(sign * _functional(self.frame, keys), A_eq=self.a_eq, b_eq=self.b_eq, A_ub=self.a_ub,
                         b_ub=self.b_ub, bounds=(0, None), method="highs")
        if result.status == 3:  # unbounded: nothing published limits the cell
            return np.inf if sense == "max" else -np.inf
        if result.status != 0:
            raise ProtectionError(f"attacker model could not be solved: {result.message}")
        return sign * result.fun


def _repair(frame, need):
    """Changeable published cells to suppress so that ``need`` holds (empty if it holds already)."""
    n = len(frame.truth)
    changeable = [i for i, cell in enumerate(frame.cells) if not cell.suppressed and not cell.fixed]
    pinned = [i for i, cell in enumerate(frame.cells) if not cell.suppressed and cell.fixed]
    m = len(changeable)
    # Variables: z (unit changes, free but z >= -truth), then up and down changes of each changeable cell.
    cost = np.concatenate([np.zeros(n), np.repeat([frame.cells[i].weight for i in changeable], 2)])
    moved = frame.matrix[changeable]
    a_eq = vstack([
        _hstack(moved, -_pairs(m, 1)),
        _hstack(frame.matrix[pinned], None, 2 * m),
        _hstack(frame.equality_matrix, None, 2 * m),
    ])
    b_eq = np.zeros(a_eq.shape[0])
    functional = _functional(frame, need.cells)
    sign = -1 if need.sense == "max" else 1
    target = need.bound - functional @ frame.truth
    a_ub = [_hstack(csr_matrix(sign * functional), None, 2 * m)]
    b_ub = [[sign * target]]
    if frame.inequality_matrix.shape[0]:
        a_ub.append(_hstack(frame.inequality_matrix, None, 2 * m))
        b_ub.append(-(frame.inequality_matrix @ frame.truth))
    bounds = [(-t, None) for t in frame.truth] + [(0, None)] * (2 * m)
    result = linprog(cost, A_ub=vstack(a_ub), b_ub=np.concatenate([np.ravel(b) for b in b_ub]), A_eq=a_eq,
                     b_eq=b_eq, bounds=bounds, method="highs")
    if result.status != 0:
        raise ProtectionError(f"cell {need.cell!r} cannot be protected: {result.message}")
    changes = result.x[n:].reshape(m, 2).sum(axis=1)
    return [changeable[j] for j in np.flatnonzero(changes > EPSILON)]


def _functional(frame, keys):
    """The unit coefficients of the sum of the cells ``keys``."""
    return np.asarray(frame.matrix[[frame.index[key] for key in keys]].sum(axis=0)).ravel()


def _rows(unit_lists, width):
    data, rows, cols = [], [], []
    for r, units in enumerate(unit_lists):
        for u in units:
            rows.append(r), cols.append(u), data.append(1.0)
    return csr_matrix((data, (rows, cols)), shape=(len(unit_lists), width))


def _signed_rows(relations, width):
    """Rows of a sparse matrix from relations given as {unit: coefficient} maps."""
    data, rows, cols = [], [], []
    for r, relation in enumerate(relations):
        for u, coefficient in relation.items():
            rows.append(r), cols.append(u), data.append(float(coefficient))
    return csr_matrix((data, (rows, cols)), shape=(len(relations), width))


def _pairs(m, sign):
    """[+I, -I] interleaved: the up and down change of each of ``m`` cells."""
    data = np.tile([sign, -sign], m).astype(float)
    rows = np.repeat(np.arange(m), 2)
    return csr_matrix((data, (rows, np.arange(2 * m))), shape=(m, 2 * m))


def _hstack(left, right, width=None):
    from scipy.sparse import hstack

    if right is None:
        right = csr_matrix((left.shape[0], width))
    return hstack([left, right]).tocsr()


def _or_none(matrix):
    return matrix if matrix.shape[0] else None


def _zeros_or_none(matrix):
    return np.zeros(matrix.shape[0]) if matrix.shape[0] else None
