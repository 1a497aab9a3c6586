"""Summaries of parts of a round add up to the analysis of all its rows."""

import numpy as np
import pytest

from mognad.core.analysis import (
    ScoreMatrix,
    analyse,
    from_packed,
    layout_of,
    pack_items,
    pack_scores,
)
from mognad.core.analysis.ipa import pair_items, say_do, say_do_sums
from mognad.core.analysis.summary import (
    analyse_summary,
    from_arrays,
    pair_values,
    summarise,
    to_arrays,
    total,
)
from mognad.core.analysis.sums import block_sums
from mognad.core.reference import score_response
from mognad.instruments import find_builtin

KEYS = ("leadership", "staff", "customers")


def _matrix(n: int, seed: int):
    """`n` responses to people-first with random answers, groups and missing items."""
    instrument = find_builtin("people-first")
    layout = layout_of(instrument)
    rng = np.random.default_rng(seed)
    scores, items = [], []
    for _ in range(n):
        answers = {}
        for _, item in instrument.walk_items():
            if item.type == "scale" and rng.random() < 0.9:
                answers[item.key] = int(rng.integers(1, 6))
            elif item.type == "pair" and rng.random() < 0.9:
                answers[item.key] = {
                    "importance": int(rng.integers(1, 6)),
                    "performance": int(rng.integers(1, 6)),
                }
        stored = score_response(instrument, answers).__dict__
        scores.append(pack_scores(layout, stored))
        items.append(pack_items(layout, stored, answers))
    groups = np.sort(rng.integers(0, 3, n))
    return instrument, from_packed(layout, KEYS, groups, b"".join(scores), b"".join(items))


def _rows(matrix, chosen):
    return ScoreMatrix(
        matrix.layout,
        matrix.keys,
        matrix.groups[chosen],
        matrix.values[chosen],
        matrix.phases[chosen],
        matrix.items[chosen],
    )


def test_the_total_of_parts_gives_the_analysis_of_all_rows():
    instrument, matrix = _matrix(120, seed=3)
    part_of = np.random.default_rng(1).integers(0, 7, len(matrix))
    parts = [summarise(instrument, _rows(matrix, part_of == p)) for p in range(7)]
    whole = analyse(instrument, matrix, 5)
    added = analyse_summary(instrument, KEYS, total(parts), 5)
    assert added.plan == whole.plan
    for key in [None, *whole.blocks]:
        mine, theirs = added.aggregate(key), whole.aggregate(key)
        for dim, cell in {None: theirs.overall, **theirs.dimensions}.items():
            other = mine.overall if dim is None else mine.dimensions[dim]
            assert (other is None) == (cell is None)
            if cell is not None:
                assert (other.n, other.bands) == (cell.n, cell.bands)
                assert other.mean == pytest.approx(cell.mean)
                assert other.sd == pytest.approx(cell.sd)


def test_the_say_do_grid_of_a_summary_is_that_of_the_rows():
    instrument, matrix = _matrix(60, seed=5)
    specs = pair_items(instrument)
    values = pair_values(matrix)
    half = len(specs)
    groups = [matrix.keys[g] for g in matrix.groups]
    plan = analyse(instrument, matrix, 5).plan
    keys = [s.key for s in specs]
    direct = say_do(plan, keys, values[:, half:], values[:, :half], groups)
    summary = summarise(instrument, matrix)
    mine = say_do_sums(plan, keys, summary.pairs)
    assert mine.keys() == direct.keys() and direct
    for key, grid in direct.items():
        for a, b in zip(mine[key].points, grid.points, strict=True):
            assert (a.item, a.n, a.quadrant) == (b.item, b.n, b.quadrant)
            assert (a.importance, a.performance) == pytest.approx((b.importance, b.performance))


def test_parts_survive_their_arrays():
    instrument, matrix = _matrix(30, seed=8)
    parts = [summarise(instrument, _rows(matrix, slice(0, 10))), summarise(instrument, matrix)]
    back = from_arrays(to_arrays(parts))
    for name, array in to_arrays(back).items():
        assert np.array_equal(array, to_arrays(parts)[name])


def test_block_sums_start_afresh_at_each_block_and_give_0_for_empty_ones():
    rows = np.arange(10.0).reshape(5, 2)
    sums = block_sums(rows, np.array([0, 0, 2, 5, 5]))
    assert sums.tolist() == [[0, 0], [2, 4], [18, 21], [0, 0]]
    assert block_sums(np.zeros((0, 3)), np.array([0, 0, 0])).tolist() == [[0] * 3] * 2
