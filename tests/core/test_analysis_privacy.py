"""No combination of sections and filters reveals fewer than k people (a property test).

A reader can open every section (overview, gaps, progress, say/do, benchmark, open
answers) with every group filter. Everything all of those pages show together is
collected as sets of people per measure, and the gate's three guarantees are checked on
them: each set has at least k people, no two differ by 1 to k-1 people, and no set minus
disjoint sets inside it leaves 1 to k-1. Free text is checked with max(k, 10).
"""

from collections import defaultdict
from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mognad.core.analysis import (
    TEXT_MIN,
    ScoreMatrix,
    all_gaps,
    matrix_of,
    plan_text,
    progress,
    round_result,
)
from mognad.core.analysis.benchmark import pool_round
from mognad.core.analysis.ipa import say_do
from mognad.core.analysis.summary import analyse_summary, summarise, total
from tests.core.analysis_data import analysed, instrument

GROUPS = ["leadership", "staff", "customers", "partners"]
DIMS = ("a", "b")
ITEMS = ["i1", "i2"]

People = frozenset[int]


@st.composite
def rounds(draw: st.DrawFn) -> dict:
    sizes = draw(st.lists(st.integers(0, 24), min_size=2, max_size=len(GROUPS)))
    groups = [g for g, n in zip(GROUPS, sizes, strict=False) for _ in range(n)]
    n = len(groups)
    flags = st.lists(st.booleans(), min_size=n, max_size=n)
    return {
        "groups": groups,
        "k": draw(st.integers(3, 8)),
        "missing": {d: draw(flags) for d in DIMS},  # True: that person has no score
        "pairs": {i: draw(flags) for i in ITEMS},  # True: a part of the pair is missing
        "texts": draw(flags),  # True: the person wrote an open answer
    }


def _scores(data: dict) -> list[dict]:
    rows = []
    for person in range(len(data["groups"])):
        dims = {d: None if data["missing"][d][person] else float(person % 97) for d in DIMS}
        present = [v for v in dims.values() if v is not None]
        overall = sum(present) / 2 if len(present) == len(DIMS) else None
        rows.append({"dimensions": dims, "overall": overall})
    return rows


class Shown:
    """Every set of people behind a shown number, per measure, with the threshold to meet."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.sets: dict[str, set[People]] = defaultdict(set)
        self.thresholds: dict[str, int] = {}

    def members(self, groups: tuple[str, ...] | set[str], has=None) -> People:
        return frozenset(
            p for p, g in enumerate(self.data["groups"]) if g in groups and (has is None or has(p))
        )

    def add(self, measure: str, people: People, n: int, k: int) -> None:
        assert n == len(people), f"{measure}: says {n} people but covers {len(people)}"
        self.sets[measure].add(people)
        self.thresholds[measure] = k


def _score_has(data: dict, measure: str | None):
    if measure is None:
        return lambda p: not any(data["missing"][d][p] for d in DIMS)
    return lambda p: not data["missing"][measure][p]


def _in_parts(inst, scores: list[dict], groups: list[str], k: int):
    """The analysis as the results pages make it: from a summary added up from parts
    of the rows (each person's part by their number), through the same gate."""
    matrix = matrix_of(inst, scores, groups, GROUPS)
    part_of = np.arange(len(matrix)) % 3
    parts = [summarise(inst, _rows(matrix, part_of == p)) for p in range(3)]
    return analyse_summary(inst, GROUPS, total(parts), k)


def _rows(matrix: ScoreMatrix, chosen) -> ScoreMatrix:
    return ScoreMatrix(
        matrix.layout,
        matrix.keys,
        matrix.groups[chosen],
        matrix.values[chosen],
        matrix.phases[chosen],
    )


def _same_gate(mine, theirs) -> None:
    """Sums added in another order may differ in the last bit of a mean, never the gate."""
    assert mine.plan == theirs.plan
    for key in [None, *theirs.blocks]:
        a, b = mine.aggregate(key), theirs.aggregate(key)
        assert (a is None) == (b is None)
        if a is not None:
            assert a.n == b.n
            assert (a.overall is None) == (b.overall is None)
            assert {d: c is None for d, c in a.dimensions.items()} == {
                d: c is None for d, c in b.dimensions.items()
            }


def _collect(data: dict) -> Shown:
    inst = instrument(DIMS)
    groups, k = data["groups"], data["k"]
    analysis = _in_parts(inst, _scores(data), groups, k)
    _same_gate(analysis, analysed(inst, _scores(data), groups, k, GROUPS))
    shown = Shown(data)
    measures: list[str | None] = [None, *DIMS]
    # The overview and heatmap show every aggregate; the filter only picks among them.
    aggregates = [analysis.aggregate(key) for key in [None, *analysis.blocks, *GROUPS]]
    for aggregate in [a for a in aggregates if a is not None]:
        for measure in measures:
            cell = aggregate.overall if measure is None else aggregate.dimensions[measure]
            if cell is not None:
                people = shown.members(aggregate.groups, _score_has(data, measure))
                shown.add(f"score:{measure}", people, cell.n, k)
    for gap in all_gaps(analysis):
        for key in (gap.first, gap.second):
            block = analysis.blocks[key]
            people = shown.members(block.groups, _score_has(data, gap.dimension))
            cell = block.overall if gap.dimension is None else block.dimensions[gap.dimension]
            shown.add(f"score:{gap.dimension}", people, cell.n, k)
    earlier = round_result("T0", inst, analysed(inst, _scores(data)[:0], [], k, GROUPS))
    current = round_result("T1", inst, analysis)
    for key in [None, *GROUPS, *analysis.blocks]:
        result = progress([earlier, current], key)
        aggregate = analysis.aggregate(key)
        for m in result.measures:
            point = m.trend[-1]
            if point is not None:
                people = shown.members(aggregate.groups, _score_has(data, m.dimension))
                shown.add(f"score:{m.dimension}", people, point.n, k)
    _say_do(data, analysis, shown)
    _texts(data, analysis, shown)
    bench = pool_round("me", inst, analysis)
    for measure, _ in bench.means.items():
        people = shown.members(set(GROUPS), _score_has(data, measure))
        shown.add(f"score:{measure}", people, len(people), k)
    return shown


def _say_do(data: dict, analysis, shown: Shown) -> None:
    n = len(data["groups"])
    importance = np.full((n, len(ITEMS)), 50.0)
    performance = np.full((n, len(ITEMS)), 50.0)
    for j, item in enumerate(ITEMS):
        importance[np.array(data["pairs"][item], dtype=bool), j] = np.nan
    grids = say_do(analysis.plan, ITEMS, importance, performance, data["groups"])
    for key, grid in grids.items():
        groups = set(GROUPS) if key is None else set(analysis.plan.blocks[key])
        for point in grid.points:
            missing = data["pairs"][point.item]
            people = shown.members(groups, lambda p, m=missing: not m[p])
            shown.add(f"pair:{point.item}", people, point.n, analysis.plan.k)


def _texts(data: dict, analysis, shown: Shown) -> None:
    """Open answers: per question, the people of the groups the text plan lets through."""
    plan = plan_text(analysis.plan.counts, analysis.plan.k)
    k = max(analysis.plan.k, TEXT_MIN)
    blocks = [set(plan.counts)] if plan.overall_shown else []
    blocks += [set(groups) for groups in plan.blocks.values()]
    for groups in blocks:
        people = shown.members(groups)
        shown.add("text:q", people, len(people), k)


def _leaks(sets: set[People], k: int) -> list[str]:
    found = [f"a set of {len(s)}" for s in sets if len(s) < k]
    found += [
        f"two sets differ by {len(a ^ b)}" for a, b in combinations(sets, 2) if 0 < len(a ^ b) < k
    ]
    for whole in sets:
        inside = [s for s in sets if s < whole]
        for r in range(1, min(len(inside), 4) + 1):
            for parts in combinations(inside, r):
                union = frozenset().union(*parts)
                if sum(len(p) for p in parts) == len(union) and 0 < len(whole - union) < k:
                    found.append(f"a set minus {r} inside leaves {len(whole - union)}")
    return found


@settings(max_examples=200, deadline=None)
@given(data=rounds())
def test_no_section_or_filter_reveals_fewer_than_k_people(data):
    """Across every section and every filter, per measure, no subtraction isolates 1..k-1."""
    shown = _collect(data)
    for measure, sets in shown.sets.items():
        assert _leaks(sets, shown.thresholds[measure]) == [], measure


@settings(max_examples=100, deadline=None)
@given(data=rounds())
def test_a_hidden_group_shows_nothing_in_any_section(data):
    """A group the gate does not show on its own has no gap, no progress and no grid."""
    inst = instrument(DIMS)
    analysis = analysed(inst, _scores(data), data["groups"], data["k"], GROUPS)
    hidden = [g for g in GROUPS if g not in analysis.blocks]
    current = round_result("T1", inst, analysis)
    n = len(data["groups"])
    grids = say_do(
        analysis.plan, ITEMS, np.full((n, 2), 50.0), np.full((n, 2), 50.0), data["groups"]
    )
    for group in hidden:
        assert all(group not in (g.first, g.second) for g in all_gaps(analysis))
        result = progress([current, current], group)
        assert all(m.trend == (None, None) for m in result.measures)
        assert group not in grids
