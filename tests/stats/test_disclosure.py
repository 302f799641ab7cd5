"""Secondary suppression and the attacker check, over random tables (hypothesis) and by hand.

A table here is rows x columns of persons with its row totals, column totals
and grand total, as in the indicator's tables; two tables may share their
column totals, as the tables of one universe share their total row.
"""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseapp.stats.disclosure import Cell, Frame, attack, attacker_ranges, protect, suppress_primary

CELL_VALUES = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40))


def table_cells(values, name, offset=0, shared_columns=None):
    """Cells of one table over units offset.. (its inner cells), with totals and the lines between them."""
    rows, cols = values.shape
    unit = lambda r, c: offset + r * cols + c  # noqa: E731
    cells = [Cell((name, r, c), [unit(r, c)]) for r in range(rows) for c in range(cols)]
    cells += [Cell((name, r, "total"), [unit(r, c) for c in range(cols)], weight=cols,
                   lines=[[(name, r, c) for c in range(cols)]]) for r in range(rows)]
    if shared_columns is None:
        cells += [Cell(("total", c), [unit(r, c) for r in range(rows)], weight=rows,
                       lines=[[(name, r, c) for r in range(rows)]]) for c in range(cols)]
        cells.append(Cell(("total", "total"), [unit(r, c) for r in range(rows) for c in range(cols)],
                          weight=rows * cols, lines=[[("total", c) for c in range(cols)]]))
    else:
        for c in range(cols):
            shared_columns[c].lines.append([(name, r, c) for r in range(rows)])
    return cells


def frame_of(*tables):
    """A Frame of tables sharing their column totals (the first table defines them)."""
    first = tables[0]
    cells = table_cells(first, "t0")
    columns = {c: next(cell for cell in cells if cell.key == ("total", c)) for c in range(first.shape[1])}
    equalities, offset = [], first.size
    for i, values in enumerate(tables[1:], start=1):
        cells += table_cells(values, f"t{i}", offset, columns)
        for c in range(first.shape[1]):
            relation = {u: 1 for u in range(c, first.size, first.shape[1])}
            relation.update({offset + u: -1 for u in range(c, values.size, values.shape[1])})
            equalities.append(relation)
        offset += values.size
    truth = np.concatenate([t.ravel() for t in tables]).astype(float)
    return Frame(truth, cells, equalities)


@st.composite
def tables(draw, count=1):
    """1 or more random tables with the same number of columns and the same column totals."""
    cols = draw(st.integers(2, 4))
    first = np.array(draw(st.lists(st.lists(CELL_VALUES, min_size=cols, max_size=cols), min_size=2, max_size=4)))
    found = [first]
    for _ in range(count - 1):
        # Another breakdown of the same persons: split each column total over 2 or 3 rows.
        rows = draw(st.integers(2, 3))
        other = np.zeros((rows, cols), dtype=int)
        for c in range(cols):
            cuts = sorted(draw(st.lists(st.integers(0, int(first[:, c].sum())), min_size=rows - 1, max_size=rows - 1)))
            other[:, c] = np.diff([0, *cuts, int(first[:, c].sum())])
        found.append(other)
    return found


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(tables(), st.integers(3, 6))
def test_protected_tables_pass_the_attacker_check(values, k):
    """After primary and secondary suppression no small cell is published and none can be worked out."""
    frame = frame_of(*values)
    protect(frame, k)
    assert attack(frame, k) == []
    assert not [c for c in frame.cells if not c.suppressed and 1 <= frame.value(c.key) < k]


@SETTINGS
@given(tables(count=2), st.integers(3, 6))
def test_tables_sharing_a_total_are_protected_together(values, k):
    """Two breakdowns of the same persons: neither lets the attacker work out the other's suppressed cells."""
    frame = frame_of(*values)
    protect(frame, k)
    assert attack(frame, k) == []


@SETTINGS
@given(tables(), st.integers(3, 6))
def test_every_small_cell_keeps_the_whole_span_open(values, k):
    """For each suppressed cell of 1..k-1 persons the attacker's range covers 1..k-1."""
    frame = frame_of(*values)
    protect(frame, k)
    for key, (low, high) in attacker_ranges(frame).items():
        if 1 <= frame.value(key) < k:
            assert np.ceil(low - 1e-6) <= 1 and np.floor(high + 1e-6) >= k - 1, (key, low, high)


@SETTINGS
@given(tables(), st.integers(3, 6))
def test_primary_suppression_alone_fails_when_a_row_total_gives_a_cell_away(values, k):
    """Weak suppression (primary only): a row with a single small cell and a published total is worked out."""
    frame = frame_of(*values)
    suppress_primary(frame, k)
    rows, cols = values[0].shape
    lonely = [r for r in range(rows)
              if sum(frame.cells[frame.index[("t0", r, c)]].suppressed for c in range(cols)) == 1
              and not frame.cells[frame.index[("t0", r, "total")]].suppressed]
    if lonely:
        assert attack(frame, k) != []


def test_primary_suppression_alone_is_refused():
    """By hand: 2 persons next to 10 and 8 in a row totalling 20; the attacker subtracts."""
    frame = frame_of(np.array([[2, 10, 8], [6, 7, 9], [12, 5, 15]]))
    suppress_primary(frame, 5)
    findings = attack(frame, 5)
    assert {f.requirement.cell for f in findings} == {("t0", 0, 0)}
    assert min(f.reached for f in findings) == 2


def test_secondary_suppression_hides_a_rectangle():
    """The same table protected: four cells in two rows and two columns are suppressed, the range is wide."""
    frame = frame_of(np.array([[2, 10, 8], [6, 7, 9], [12, 5, 15]]))
    assert protect(frame, 5) == (1, 3)
    low, high = attacker_ranges(frame)[("t0", 0, 0)]
    assert low <= 1 and high >= 4
    assert attack(frame, 5) == []


def test_a_row_whose_only_person_is_suppressed_keeps_a_zero_suppressed_too():
    """Zeros that disclose: [0, 3, 0] would tell that everyone of the row is in the middle column."""
    frame = frame_of(np.array([[0, 3, 0], [9, 8, 7], [6, 9, 5]]))
    protect(frame, 5)
    row = [frame.cells[frame.index[("t0", 0, c)]].suppressed for c in range(3)]
    assert row[1] and (row[0] or row[2])
    assert attack(frame, 5) == []


def test_suppressed_cells_are_never_published_as_zero():
    """A suppressed zero is suppressed, not 0: the attacker cannot tell it from a small cell."""
    frame = frame_of(np.array([[0, 3, 0], [9, 8, 7], [6, 9, 5]]))
    protect(frame, 5)
    zero_suppressed = [c.key for c in frame.cells if c.suppressed and frame.value(c.key) == 0]
    assert zero_suppressed
    low, high = attacker_ranges(frame)[zero_suppressed[0]]
    assert high >= 1
