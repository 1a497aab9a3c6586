"""The say/do grid, the benchmark and open-text themes, on cases with known answers."""

import numpy as np
import pytest

from mognad.core.analysis import OTHER, plan_groups
from mognad.core.analysis.benchmark import (
    MIN_ORGANISATIONS,
    PoolRound,
    benchmark,
    percentile,
    pool_round,
)
from mognad.core.analysis.ipa import PairSpec, Quadrant, pair_items, say_do, to_scores
from mognad.core.analysis.themes import theme_count, themes
from mognad.instruments import find_builtin
from tests.core.analysis_data import analysed, instrument, rows

NAN = np.nan


def test_people_first_has_six_pairs_on_a_five_point_scale():
    pairs = pair_items(find_builtin("people-first"))
    assert len(pairs) == 6
    assert {(p.min, p.max) for p in pairs} == {(1, 5)}


def test_pair_answers_are_scored_on_0_to_100_and_dont_know_is_missing():
    spec = PairSpec("p", "d", 1, 5)
    scored = to_scores(spec, [1, 3, 5, "dk", None, True])
    assert scored[:3].tolist() == [0.0, 50.0, 100.0]
    assert np.isnan(scored[3:]).all()


def _grid(importance, performance, groups, k=5):
    plan = plan_groups(dict.fromkeys(dict.fromkeys(groups), 0) | _count(groups), k)
    return say_do(
        plan, ["i1", "i2", "i3", "i4"], np.array(importance), np.array(performance), groups
    )


def test_a_point_on_a_line_counts_as_high():
    grid = _grid([[50, 50, 49, 49]] * 5, [[50, 49, 50, 49]] * 5, ["g"] * 5)[None]
    assert [p.quadrant for p in grid.points] == [
        Quadrant.KEEP_UP,
        Quadrant.CONCENTRATE,
        Quadrant.OVERKILL,
        Quadrant.LOW_PRIORITY,
    ]


def _count(groups):
    return {g: groups.count(g) for g in groups}


def test_each_item_lands_in_its_quadrant_around_the_middle_of_the_scale():
    """Item means (imp, perf): i1 high/low, i2 high/high, i3 low/low, i4 low/high."""
    imp = [[90, 80, 20, 30]] * 6
    perf = [[20, 90, 30, 80]] * 6
    grid = _grid(imp, perf, ["g"] * 6)[None]
    assert (grid.importance_line, grid.performance_line) == (50, 50)
    assert [p.quadrant for p in grid.points] == [
        Quadrant.CONCENTRATE,
        Quadrant.KEEP_UP,
        Quadrant.LOW_PRIORITY,
        Quadrant.OVERKILL,
    ]


def test_an_item_fewer_than_k_people_answered_both_parts_of_is_left_out():
    """Only 4 of 6 people gave i4 an importance: i4 is not on the grid."""
    imp = [[90, 80, 20, 30]] * 4 + [[90, 80, 20, NAN]] * 2
    perf = [[20, 90, 30, 80]] * 6
    grid = _grid(imp, perf, ["g"] * 6)[None]
    assert [p.item for p in grid.points] == ["i1", "i2", "i3"]
    assert all(p.n == 6 for p in grid.points)


def test_grids_follow_the_gate_for_groups():
    """g1 and g2 are shown; g3 (2 people) only inside other groups, with g2 folded in."""
    groups = ["g1"] * 6 + ["g2"] * 5 + ["g3"] * 2
    grids = _grid([[50, 50, 50, 50]] * 13, [[50, 50, 50, 50]] * 13, groups)
    assert set(grids) == {None, "g1", OTHER}
    assert grids[OTHER].points[0].n == 7


def _pool(org, n, overall, a=None, top=("a", "b")):
    means = {None: overall} | ({"a": a} if a is not None else {})
    return PoolRound(org, n, means, top)


def test_the_benchmark_waits_for_five_organisations_and_says_how_many_are_missing():
    own = _pool("me", 20, 60, 60)
    peers = [_pool(f"o{i}", 20, 50 + i) for i in range(3)]
    [overall, a] = benchmark(own, peers, 5).cells
    assert not overall.shown and overall.needed == MIN_ORGANISATIONS - 3
    assert not a.shown and a.needed == MIN_ORGANISATIONS


def test_the_benchmark_ranks_among_the_latest_round_of_each_peer():
    """Peers at 40, 50, 60 (o2 earlier at 90), 70, 80; 60 is above two and ties one: 50 %."""
    own = _pool("me", 20, 60)
    peers = [_pool("o2", 30, 90)] + [_pool(f"o{i}", 20, 40 + 10 * i) for i in range(5)]
    [overall] = benchmark(own, peers, 5).cells
    assert overall.organisations == 5
    assert overall.percentile == pytest.approx(50.0)


def test_the_benchmark_leaves_out_its_own_organisation_small_rounds_and_other_structures():
    own = _pool("me", 20, 60)
    peers = [_pool("me", 20, 10), _pool("tiny", 4, 10), _pool("other", 20, 10, top=("a", "c"))]
    peers += [_pool(f"o{i}", 20, 70) for i in range(4)]
    [overall] = benchmark(own, peers, 5).cells
    assert overall.organisations == 4 and overall.needed == 1


def test_dimensions_no_peer_has_are_named_not_comparable():
    own = _pool("me", 20, 60, 60)
    result = benchmark(own, [_pool(f"o{i}", 20, 50) for i in range(5)], 5)
    assert result.not_comparable == ("a",)


def test_percentile_counts_ties_half():
    assert percentile(50, [40, 50, 60, 70]) == pytest.approx(37.5)


def test_a_round_brings_only_its_shown_overall_cells_to_the_pool():
    inst = instrument()
    analysis = analysed(inst, rows([50.0] * 6), ["g"] * 6, 5)
    assert pool_round("o", inst, analysis).means == {None: 50.0, "a": 50.0, "b": 50.0}
    small = analysed(inst, rows([50.0] * 4), ["g"] * 4, 5)
    assert pool_round("o", inst, small).means == {}


CUSTOMERS = [
    "Ask two customers how they use our service.",
    "Ask customers how they use the service",
    "Ask customers about our service",
    "Call customers and ask about the service",
    "Ask our customers what they need from the service",
    "Visit customers and see them use the service",
]
LEARNING = [
    "Block one hour a week for learning.",
    "One hour every week for learning",
    "Learning: one hour a week",
    "Block an hour for learning each week",
    "A learning hour every week",
    "Learning for one hour each week, blocked",
]
SWEDISH = [
    "Fråga två kunder hur de använder tjänsten.",
    "Fråga kunder hur de använder tjänsten",
    "Fråga kunderna om tjänsten",
    "Ring kunder och fråga om tjänsten",
    "Fråga våra kunder vad de behöver av tjänsten",
    "Besök kunder och se hur de använder tjänsten",
]


def test_themes_group_answers_that_share_their_words_in_any_language():
    """Three clear topics (one in Swedish) come out as three themes of six answers."""
    found = themes(CUSTOMERS + LEARNING + SWEDISH)
    groups = [set(theme.quotes) for theme in found]
    assert [theme.size for theme in found] == [6, 6, 6]
    for topic in (CUSTOMERS, LEARNING, SWEDISH):
        assert any(quotes <= set(topic) for quotes in groups)


def test_themes_do_not_depend_on_the_order_of_answers():
    answers = CUSTOMERS + LEARNING + SWEDISH
    assert themes(answers) == themes(list(reversed(answers)))


def test_each_theme_has_at_most_three_distinct_quotes_and_its_telling_words():
    found = themes(CUSTOMERS * 3 + LEARNING * 3)
    assert all(len(set(t.quotes)) == len(t.quotes) <= 3 for t in found)
    assert any("learning" in t.words for t in found)


def test_answers_without_words_are_left_out():
    assert themes(["", "  ", "?!"]) == []


def test_the_number_of_themes_grows_slowly_with_the_answers():
    assert [theme_count(n) for n in (1, 10, 50, 10_000)] == [1, 2, 5, 8]
