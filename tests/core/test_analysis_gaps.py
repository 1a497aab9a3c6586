"""Group gaps and progress, with Welch's 95 % interval, on cases with known answers."""

import numpy as np
import pytest

from mognad.core.analysis import OTHER
from mognad.core.analysis.gaps import all_gaps, biggest, group_gaps
from mognad.core.analysis.interval import Sample, difference, t_975
from mognad.core.analysis.progress import progress, round_result
from tests.core.analysis_data import analysed, instrument, rows, stored

SPREAD = [40.0, 45.0, 50.0, 55.0, 60.0, 48.0, 52.0, 47.0]


@pytest.mark.parametrize(
    ("df", "exact"), [(3, 3.182446), (5, 2.570582), (10, 2.228139), (30, 2.042272), (1e9, 1.959964)]
)
def test_the_t_quantile_matches_the_tables(df, exact):
    """The 97.5th percentile of t is within 0.005 of the printed tables from 3 df up."""
    assert t_975(df) == pytest.approx(exact, abs=0.005 if df < 5 else 0.001)


def test_welch_interval_matches_a_worked_example():
    """Means 20 and 22, sd 3 and 4, n 10 and 12: Welch df 19.8, interval -5.12 to 1.12."""
    result = difference(Sample(10, 20.0, 3.0), Sample(12, 22.0, 4.0))
    assert result.estimate == pytest.approx(-2.0)
    assert result.low == pytest.approx(-5.118, abs=0.002)
    assert result.high == pytest.approx(1.118, abs=0.002)
    assert not result.excludes_zero


def test_identical_groups_give_an_interval_around_zero():
    """Two groups with the same scores differ by 0, with an interval on both sides of it."""
    analysis = analysed(instrument(), rows(SPREAD * 2), ["g1"] * 8 + ["g2"] * 8, 5, ["g1", "g2"])
    [gap] = group_gaps(analysis, "a")
    assert gap.difference.estimate == pytest.approx(0.0)
    assert gap.difference.low < 0 < gap.difference.high
    assert not gap.flagged


def test_a_constructed_shift_is_recovered_and_flagged():
    """g2 is g1 plus 15 points: the gap is -15 (g1 minus g2), its interval holds it and not 0."""
    shifted = [v + 15 for v in SPREAD]
    analysis = analysed(instrument(), rows(SPREAD + shifted), ["g1"] * 8 + ["g2"] * 8, 5)
    [gap] = group_gaps(analysis, "a")
    assert (gap.first, gap.second) == ("g1", "g2")
    assert gap.difference.estimate == pytest.approx(-15.0)
    assert gap.difference.low < -15 < gap.difference.high
    assert gap.flagged
    assert biggest(all_gaps(analysis))[0].difference.estimate == pytest.approx(-15.0)


def test_the_interval_covers_the_true_difference_about_95_times_in_100():
    """Over 2,000 seeded draws of unequal groups, the interval holds the true shift ~95 %."""
    rng = np.random.default_rng(4)
    hits = 0
    for _ in range(2000):
        first, second = rng.normal(50, 10, 8), rng.normal(55, 20, 15)
        result = difference(_sample(first), _sample(second))
        hits += result.low <= -5 <= result.high
    assert 0.935 <= hits / 2000 <= 0.965


def _sample(values: np.ndarray) -> Sample:
    return Sample(len(values), float(values.mean()), float(values.std(ddof=1)))


def test_gaps_are_only_between_shown_groups_and_other_groups():
    """A group below k is in "other groups": gaps pair the shown blocks, never the small one."""
    groups = ["g1"] * 6 + ["g2"] * 6 + ["g3"] * 3 + ["g4"] * 3
    analysis = analysed(instrument(), rows(SPREAD[:6] * 3), groups, 5)
    pairs = {(gap.first, gap.second) for gap in group_gaps(analysis, None)}
    assert pairs == {("g1", "g2"), ("g1", OTHER), ("g2", OTHER)}


def test_a_gap_needs_the_measure_shown_in_both_groups():
    """g2 has 'b' for only 4 people: no gap on 'b', still one on 'a'."""
    g2 = [stored({"a": v, "b": v if i < 4 else None}) for i, v in enumerate(SPREAD[:6])]
    analysis = analysed(instrument(), rows(SPREAD[:6]) + g2, ["g1"] * 6 + ["g2"] * 6, 5)
    assert group_gaps(analysis, "b") == []
    assert len(group_gaps(analysis, "a")) == 1


def _round(label, values, dims=("a", "b"), groups=None):
    inst = instrument(dims)
    keys = groups or ["g1"] * len(values)
    return round_result(label, inst, analysed(inst, rows(values, dims), keys, 5))


def test_progress_recovers_the_change_since_the_previous_round_with_a_trend():
    """T0, T1, T2 each 5 points up: the change is +5 and the trend lists every round."""
    series = [_round(f"T{i}", [v + 5 * i for v in SPREAD]) for i in range(3)]
    result = progress(series)
    assert result.labels == ("T0", "T1", "T2")
    overall, a, _b = result.measures
    assert overall.dimension is None and a.dimension == "a"
    assert overall.change.estimate == pytest.approx(5.0)
    assert overall.change.low < 5 < overall.change.high
    assert [p.mean for p in a.trend] == pytest.approx([49.625, 54.625, 59.625])


def test_progress_needs_an_earlier_round():
    assert progress([_round("T0", SPREAD)]) is None


def test_progress_compares_only_the_dimensions_rounds_share_by_key():
    """T1 drops 'b' and adds 'c': 'a' is compared, 'b' and 'c' are named, the overall is not."""
    series = [_round("T0", SPREAD, ("a", "b")), _round("T1", SPREAD, ("a", "c"))]
    result = progress(series)
    assert [m.dimension for m in result.measures] == ["a"]
    assert result.only_current == ("c",)
    assert result.only_previous == ("b",)
    assert not result.overall_comparable


def test_progress_of_a_group_needs_the_group_shown_in_both_rounds():
    """g2 has 3 people in T0, so it is not shown there: no change for it, only its T1 point."""
    t0 = _round("T0", SPREAD[:8] + SPREAD[:3], groups=["g1"] * 8 + ["g2"] * 3)
    t1 = _round("T1", SPREAD[:8] * 2, groups=["g1"] * 8 + ["g2"] * 8)
    result = progress([t0, t1], "g2")
    assert all(m.change is None for m in result.measures)
    assert result.measures[0].trend[0] is None
    assert result.measures[0].trend[1].n == 8
