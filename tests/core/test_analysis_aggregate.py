"""Aggregates of stored scores, per group and overall, and the recommendations that apply."""

import random
from dataclasses import asdict
from statistics import mean
from typing import Any

import pytest

from mognad.core.analysis import OTHER, analyse, applicable, bands, matrix_of
from mognad.core.analysis.recommend import dimension_shares, ranked
from mognad.core.model import Instrument
from mognad.core.reference import score_response
from mognad.instruments import find_builtin

T = {"en": "t"}


def _instrument(tie: str = "first", levels: bool = True) -> Instrument:
    data: dict[str, Any] = {
        "id": "known",
        "version": "1.0.0",
        "languages": ["en"],
        "default_language": "en",
        "title": T,
        "dimensions": [
            {
                "key": "a",
                "title": T,
                "items": [{"key": "a1", "type": "scale", "scale": {"min": 1, "max": 5}, "text": T}],
                "dimensions": [
                    {
                        "key": "ax",
                        "title": T,
                        "items": [
                            {"key": "x1", "type": "scale", "scale": {"min": 1, "max": 5}, "text": T}
                        ],
                    }
                ],
            },
            {
                "key": "b",
                "title": T,
                "items": [{"key": "b1", "type": "scale", "scale": {"min": 1, "max": 5}, "text": T}],
            },
        ],
        "phases": {"tie": tie, "categories": [{"key": "p", "title": T}, {"key": "q", "title": T}]},
        "recommendations": [
            _rec("r1", 2, dimension="a", score_below=50),
            _rec("r2", 1, level=["high"]),
            _rec("r3", 3, dimension="b", gap={"groups": ["g1", "g2"], "at_least": 10}),
            _rec("r4", 2, dimension="b", phase=["q"]),
            _rec("r5", 1, score_at_least=90),
            _rec("r6", 1, dimension="ax", score_below=100),
        ],
    }
    if levels:
        data["levels"] = [
            {"key": "low", "min": 0, "max": 49, "title": T},
            {"key": "high", "min": 50, "max": 100, "title": T},
        ]
    return Instrument.model_validate(data)


def _rec(key: str, priority: int, **when: Any) -> dict[str, Any]:
    return {"key": key, "priority": priority, "when": when, "title": T, "text": T}


def _scores(
    overall: float | None,
    a: float | None,
    ax: float | None,
    b: float | None,
    phase_b=None,
    phase=None,
) -> dict[str, Any]:
    return {
        "items": {},
        "dimensions": {"a": a, "ax": ax, "b": b},
        "overall": overall,
        "level": None,
        "dimension_levels": {},
        "phase": phase,
        "dimension_phases": {"a": None, "ax": None, "b": phase_b},
    }


G1 = [_scores(60, 40, 40, 80, q, "p") for q in ["q", "q", "q", "p", "p"]]
G2 = [
    _scores(60, 50, 60, 60, "p", "q"),
    _scores(60, 50, 60, 60, "p", "q"),
    _scores(60, 50, 60, 60, "q", "q"),
    _scores(60, 50, 60, 60, "q", "q"),
    _scores(49.5, 50, None, 60, "q", "q"),
]


def _analyse(instrument, scores, groups, k, group_keys=()):
    return analyse(instrument, matrix_of(instrument, scores, groups, group_keys), k)


def _known(tie: str = "first", k: int = 5):
    return _analyse(_instrument(tie), G1 + G2, ["g1"] * 5 + ["g2"] * 5, k, ["g1", "g2"])


def test_it_computes_means_levels_and_counts_per_group_and_overall():
    """Overall mean is over everyone; each group's over its own; levels use the mean."""
    result = _known()
    assert result.overall is not None
    assert result.overall.n == 10
    assert result.overall.overall.mean == pytest.approx(58.95)
    assert result.overall.overall.level == "high"
    assert result.overall.dimensions["a"].mean == pytest.approx(45.0)
    assert result.overall.dimensions["a"].level == "low"
    assert result.blocks["g2"].dimensions["a"].level == "high"
    assert result.blocks["g1"].dimensions["b"].mean == pytest.approx(80.0)
    assert result.blocks["g2"].overall.mean == pytest.approx(57.9)


def test_distributions_count_people_per_band_of_the_rounded_score():
    """49.5 rounds to 50 and lands in "high", as a single response's level would."""
    result = _known()
    assert result.bands[0].key == "low"
    assert result.blocks["g2"].overall.bands == (0, 5)
    assert result.overall.dimensions["a"].bands == (5, 5)


def test_a_measure_too_few_people_have_is_withheld_with_the_overall_that_reveals_it():
    """g2 has 4 scores on ax: its cell is hidden, and the overall's (9 - 5 = 4) too."""
    result = _known()
    assert result.blocks["g2"].dimensions["ax"] is None
    assert result.overall.dimensions["ax"] is None
    assert result.blocks["g1"].dimensions["ax"].mean == pytest.approx(40.0)


def test_phases_count_people_per_category_and_break_ties_by_the_instrument_rule():
    """b: 4 in p and 6 in q overall; overall 5 against 5: the first (or last) one wins."""
    first = _known("first")
    assert first.overall.dimension_phases["b"].counts == (4, 6)
    assert first.overall.dimension_phases["b"].dominant == "q"
    assert first.blocks["g1"].dimension_phases["ax"] is None  # nobody has a phase there
    assert first.overall.phase.counts == (5, 5)
    assert first.overall.phase.dominant == "p"
    assert _known("last").overall.phase.dominant == "q"


def test_it_lists_the_recommendations_that_hold_most_urgent_first():
    """Overall: high level (1), phase q on b (2), a below 50 (2), the g1-g2 gap on b (3)."""
    instrument = _instrument()
    keys = [r.key for r in applicable(instrument, _known())]
    assert keys == ["r2", "r1", "r4", "r3"]


def test_recommendations_for_a_group_test_that_groups_results():
    """For g2, a is 50 (not below 50) and b's phase is q; the gap still holds."""
    keys = [r.key for r in applicable(_instrument(), _known(), "g2")]
    assert keys == ["r2", "r4", "r3"]


def test_a_gap_rule_needs_both_groups_shown():
    """With k=6 neither group is shown on its own, so no gap can be seen."""
    result = _known(k=6)
    assert result.blocks == {}
    assert result.overall is not None
    assert "r3" not in [r.key for r in applicable(_instrument(), result)]


def test_merged_groups_are_aggregated_together():
    """k=5: groups of 3 and 2 make one "other groups" aggregate of 5 with their mean."""
    rows = [_scores(s, s, s, s) for s in [10, 20, 30, 40, 50, 90, 90, 90, 90, 90]]
    groups = ["g3"] * 3 + ["g4"] * 2 + ["g1"] * 5
    result = _analyse(_instrument(), rows, groups, 5)
    other = result.blocks[OTHER]
    assert (other.groups, other.n) == (("g3", "g4"), 5)
    assert other.overall.mean == pytest.approx(30.0)
    assert result.overall.overall.mean == pytest.approx(60.0)


def test_nothing_is_shown_below_k_overall():
    """Four responses at k=5: no aggregate at all; the plan names the groups."""
    result = _analyse(_instrument(), G1[:4], ["g1"] * 4, 5, ["g1", "g2"])
    assert result.overall is None
    assert result.blocks == {}
    assert result.plan.hidden == ("g1",)
    assert result.plan.empty == ("g2",)


def test_without_levels_the_distribution_has_five_bands_of_twenty_points():
    """Bands 0-19 … 80-100; 19.5 rounds to 20 and counts in the second band."""
    instrument = _instrument(levels=False)
    assert [(b.key, b.min, b.max) for b in bands(instrument)][::4] == [
        ("0-19", 0, 19),
        ("80-100", 80, 100),
    ]
    rows = [_scores(s, s, s, s) for s in [0, 19.4, 19.5, 100, 100]]
    result = _analyse(instrument, rows, ["g1"] * 5, 5)
    assert result.overall.overall.bands == (2, 1, 0, 0, 2)
    assert result.overall.overall.level is None


def test_it_rejects_scores_and_groups_of_different_lengths():
    """Each response needs its group."""
    with pytest.raises(ValueError, match="group keys"):
        _analyse(_instrument(), G1, ["g1"], 5)


def test_means_match_a_plain_mean_of_reference_scores():
    """On a built-in instrument, each dimension mean is the plain mean of its present scores."""
    instrument = find_builtin("people-first")
    assert instrument is not None
    rng = random.Random(7)
    scores = [
        asdict(score_response(instrument, _random_answers(instrument, rng))) for _ in range(40)
    ]
    groups = [rng.choice(["leadership", "staff"]) for _ in scores]
    result = _analyse(instrument, scores, groups, 5)
    for dim in result.dimensions:
        present = [s["dimensions"][dim] for s in scores if s["dimensions"][dim] is not None]
        assert result.overall.dimensions[dim].mean == pytest.approx(mean(present))
        assert result.overall.dimensions[dim].n == len(present)


def _random_answers(instrument: Instrument, rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for _, item in instrument.walk_items():
        if item.type == "scale" and rng.random() < 0.9:
            scale = instrument.resolve_scale(item)
            answers[item.key] = rng.randint(scale.min, scale.max)
    return answers


def test_a_dimension_absent_from_stored_scores_counts_as_missing():
    """Scores stored before a dimension existed lack its key: it is missing, not an error."""
    rows = [_scores(50, 50, 50, 50) for _ in range(5)]
    for row in rows[:2]:
        del row["dimensions"]["b"]
    result = _analyse(_instrument(), rows, ["g1"] * 5, 3)
    assert result.overall.dimensions["b"].n == 3


def test_within_a_priority_the_most_to_gain_comes_first():
    """Two priority-2 rules: 'a' (weight 3, 40 → 50 is 10 × 0.75) beats 'b' (30 → 50, × 0.25)."""
    data = {
        "id": "w",
        "version": "1.0.0",
        "languages": ["en"],
        "default_language": "en",
        "title": T,
        "dimensions": [
            {"key": key, "title": T, "weight": weight, "items": [_item(key)]}
            for key, weight in (("b", 1.0), ("a", 3.0))
        ],
        "levels": [
            {"key": "low", "min": 0, "max": 49, "title": T},
            {"key": "high", "min": 50, "max": 100, "title": T},
        ],
        "recommendations": [
            _rec("rb", 2, dimension="b", score_below=50),
            _rec("ra", 2, dimension="a", score_below=50),
        ],
    }
    instrument = Instrument.model_validate(data)
    assert dimension_shares(instrument) == {"b": 0.25, "a": 0.75}
    rows = [{"dimensions": {"a": 40.0, "b": 30.0}, "overall": 37.5}] * 5
    result = ranked(instrument, _analyse(instrument, rows, ["g"] * 5, 5))
    assert [(r.recommendation.key, r.gain) for r in result] == [("ra", 7.5), ("rb", 5.0)]


def _item(key: str) -> dict[str, Any]:
    return {"key": f"{key}1", "type": "scale", "scale": {"min": 1, "max": 5}, "text": T}
