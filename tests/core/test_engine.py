"""Hand-computed scores: each case is checked on the engine and on the reference scorer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from mognad.core.engine import AnswerError, compile_instrument, decode, encode, score
from mognad.core.model import Instrument
from mognad.core.reference import score_response
from mognad.core.results import ResponseScores

T = {"en": "t"}
BANDS = [
    {"key": "basic", "min": 0, "max": 25, "title": T},
    {"key": "average", "min": 26, "max": 50, "title": T},
    {"key": "moderate", "min": 51, "max": 75, "title": T},
    {"key": "advanced", "min": 76, "max": 100, "title": T},
]


def _instrument(dimensions: list[dict[str, Any]], **top: Any) -> Instrument:
    return Instrument.model_validate(
        {
            "id": "hand",
            "version": "1.0.0",
            "languages": ["en"],
            "default_language": "en",
            "title": T,
            "scales": {"agree": {"min": 1, "max": 5, "missing": [{"key": "dk", "label": T}]}},
            "dimensions": dimensions,
            "levels": BANDS,
            **top,
        }
    )


def _dim(key: str, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"key": key, "title": T, "items": items, **extra}


def _scale(key: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "type": "scale", "scale": "agree", "text": T, **extra}


def _option(key: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "label": T, **extra}


def _scores(instrument: Instrument, answers: dict[str, Any]) -> ResponseScores:
    """The engine's scores of one response, after checking the reference agrees."""
    compiled = compile_instrument(instrument)
    got = score(compiled, encode(compiled, [answers])).row(0)
    want = score_response(instrument, answers)
    assert got.items.keys() == want.items.keys()
    for field in ("items", "dimensions"):
        for key, value in getattr(want, field).items():
            assert getattr(got, field)[key] == pytest.approx(value, abs=1e-4), key
    assert got.overall == pytest.approx(want.overall, abs=1e-4)
    assert (got.level, got.phase) == (want.level, want.phase)
    assert got.dimension_levels == want.dimension_levels
    assert got.dimension_phases == want.dimension_phases
    return got


def _item(instrument: Instrument, answers: dict[str, Any], key: str) -> float | None:
    return _scores(instrument, answers).items[key]


# --- items --------------------------------------------------------------------------

SCALES = _instrument([_dim("d", [_scale("plain"), _scale("flipped", reverse=True)])])


def test_scale_item_is_rescaled_to_0_100_and_reversed():
    """4 on 1-5 is 75; reversed it is 25."""
    result = _scores(SCALES, {"plain": 4, "flipped": 4})
    assert result.items == {"plain": 75.0, "flipped": 25.0}


def test_a_dont_know_answer_is_missing_not_zero():
    """A scale's missing key gives no item score, and the dimension uses the other item."""
    result = _scores(SCALES, {"plain": "dk", "flipped": 5})
    assert result.items == {"plain": None, "flipped": 0.0}
    assert result.dimensions == {"d": 0.0}
    assert _scores(SCALES, {"plain": "dk", "flipped": "dk"}).dimensions == {"d": None}


CHOICES = _instrument(
    [
        _dim(
            "d",
            [
                {"key": "pick", "type": "choice", "text": T, "options": [
                    _option("low", score=-1), _option("mid", score=0), _option("high", score=3),
                    _option("na", missing=True)]},
                {"key": "back", "type": "choice", "text": T, "reverse": True, "options": [
                    _option("low", score=-1), _option("mid", score=0), _option("high", score=3)]},
                {"key": "tag", "type": "choice", "text": T, "scored": False, "options": [
                    _option("a"), _option("b")]},
            ],
        )
    ]
)  # fmt: skip


def test_choice_item_rescales_option_scores_over_the_options():
    """Scores -1, 0, 3: 'mid' is 25, reversed 75; an unscored choice has no score."""
    result = _scores(CHOICES, {"pick": "mid", "back": "mid", "tag": "a"})
    assert result.items == {"pick": 25.0, "back": 75.0}


def test_a_missing_choice_option_is_missing():
    """An option marked missing gives no score; its range ignores it."""
    assert _item(CHOICES, {"pick": "na"}, "pick") is None
    assert _item(CHOICES, {"pick": "high"}, "pick") == 100.0


MULTI = _instrument(
    [
        _dim(
            "d",
            [
                {"key": "tools", "type": "multi", "text": T, "options": [
                    _option("a", weight=2), _option("b"), _option("c", weight=-1),
                    _option("none", weight=0, exclusive=True), _option("dk", missing=True)]},
            ],
        )
    ]
)  # fmt: skip


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        (["a", "b"], 100.0),  # raw 3 on the range -1..3
        (["a", "c"], 50.0),  # raw 1
        (["c"], 0.0),  # raw -1
        (["none"], 25.0),  # raw 0: answered, nothing counted
        ([], 25.0),  # an empty list is an answer too
        (["dk"], None),  # a missing option makes the item missing
        (["a", "dk"], None),
    ],
)
def test_multi_item_scores_the_weighted_ticks_on_their_range(ticked, expected):
    """Range: negative weights sum to the low end, positive ones to the high end."""
    assert _item(MULTI, {"tools": ticked}, "tools") == expected


NUMBERS = _instrument(
    [
        _dim(
            "d",
            [
                {"key": "n", "type": "number", "min": 0, "max": 200, "scored": True, "text": T},
                {"key": "r", "type": "number", "min": 0, "max": 200, "scored": True,
                 "reverse": True, "text": T},
                {"key": "count", "type": "number", "min": 0, "max": 9, "text": T},
                {"key": "why", "type": "text", "text": T},
            ],
        )
    ]
)  # fmt: skip


def test_a_scored_number_is_rescaled_on_its_range():
    """50 on 0-200 is 25 (75 reversed); unscored numbers and texts have no score."""
    result = _scores(NUMBERS, {"n": 50, "r": 50, "count": 3, "why": "because"})
    assert result.items == {"n": 25.0, "r": 75.0}


PAIRS = _instrument(
    [
        _dim(
            "d",
            [{"key": "p", "type": "pair", "scale": "agree", "text": T, "importance": T,
              "performance": T}],
        )
    ]
)  # fmt: skip


def test_a_pair_scores_its_performance_part():
    """Performance 4 on 1-5 is 75 whatever the importance; without it the item is missing."""
    assert _item(PAIRS, {"p": {"importance": 1, "performance": 4}}, "p") == 75.0
    assert _item(PAIRS, {"p": {"importance": 5}}, "p") is None
    assert _item(PAIRS, {"p": {"importance": 5, "performance": "dk"}}, "p") is None


# --- dimensions ---------------------------------------------------------------------


def test_item_weights_weigh_the_dimension_mean():
    """Items 100 (weight 3) and 0 (weight 1) give 75."""
    instrument = _instrument([_dim("d", [_scale("a", weight=3), _scale("b")])])
    assert _scores(instrument, {"a": 5, "b": 1}).dimensions == {"d": 75.0}


def test_nested_dimensions_weigh_own_items_and_sub_dimensions():
    """Own item 100 (weight 1) and sub-dimension 25 (weight 3) give 43.75."""
    child = _dim("child", [_scale("c1"), _scale("c2")], weight=3)
    instrument = _instrument([_dim("parent", [_scale("p1")], dimensions=[child])])
    result = _scores(instrument, {"p1": 5, "c1": 1, "c2": 3})
    assert result.dimensions == {"parent": 43.75, "child": 25.0}
    assert result.overall == 43.75


def test_a_missing_sub_dimension_leaves_the_parent_to_its_other_parts():
    """The child has too few answers; the parent still averages what has a score."""
    child = _dim("child", [_scale("c1"), _scale("c2"), _scale("c3")], min_answered=0.5)
    instrument = _instrument(
        [_dim("parent", [_scale("p1"), _scale("p2")], dimensions=[child], min_answered=0.4)]
    )
    result = _scores(instrument, {"p1": 5, "c1": 1})
    assert result.dimensions == {"parent": 100.0, "child": None}


@pytest.mark.parametrize(
    ("answered", "share", "scored"),
    [(2, 0.5, True), (1, 0.5, False), (3, 0.75, True), (2, 0.75, False), (1, 0.0, True)],
)
def test_min_answered_is_reached_exactly_at_the_share(answered, share, scored):
    """A dimension of 4 items is scored when answered/4 >= min_answered."""
    keys = ["a", "b", "c", "d"]
    instrument = _instrument(
        [_dim("d", [_scale(k) for k in keys])], scoring={"min_answered": share}
    )
    result = _scores(instrument, dict.fromkeys(keys[:answered], 3))
    assert (result.dimensions["d"] == 50.0) if scored else result.dimensions["d"] is None


GATED = _instrument(
    [
        _dim(
            "d",
            [
                {"key": "uses", "type": "choice", "text": T, "options": [
                    _option("yes", score=1), _option("no", score=0)]},
                _scale("how", show_if={"item": "uses", "equals": "yes"}),
                _scale("then", show_if={"item": "how", "answered": False}),
            ],
            min_answered=1.0,
        )
    ]
)  # fmt: skip


def test_a_hidden_item_is_ignored_and_not_counted_against_the_share():
    """'how' is hidden when uses = no: its stale answer is ignored, the rest suffices."""
    result = _scores(GATED, {"uses": "no", "how": 5, "then": 1})
    assert result.items == {"uses": 0.0, "how": None, "then": 0.0}
    assert result.dimensions == {"d": 0.0}


def test_a_shown_item_left_unanswered_counts_against_the_share():
    """With uses = yes, 'how' is shown; unanswered, it drops the share below 1.0."""
    result = _scores(GATED, {"uses": "yes", "then": 1})
    assert result.dimensions == {"d": None}


def test_answered_false_holds_for_a_hidden_item():
    """'then' (shown when 'how' is not answered) is shown when 'how' is hidden."""
    assert _item(GATED, {"uses": "no", "then": 5}, "then") == 100.0
    assert _item(GATED, {"uses": "yes", "how": 3, "then": 5}, "then") is None


def test_overall_needs_the_share_of_top_level_weight():
    """One of two dimensions (weights 1 and 3) scored is 25 % of the weight."""
    dims = [_dim("a", [_scale("x")]), _dim("b", [_scale("y")], weight=3)]
    answers = {"x": 5}
    assert _scores(_instrument(dims), answers).overall is None  # default needs all
    quarter = _instrument(dims, scoring={"overall_min_dimensions": 0.25})
    assert _scores(quarter, answers).overall == 100.0
    half = _instrument(dims, scoring={"overall_min_dimensions": 0.5})
    assert _scores(half, answers).overall is None
    assert _scores(half, {"x": 5, "y": 1}).overall == 25.0


def test_all_missing_means_missing_everywhere_never_zero():
    """With no answers every score, level and phase is missing."""
    result = _scores(SCALES, {})
    assert result == ResponseScores(
        items={"plain": None, "flipped": None},
        dimensions={"d": None},
        overall=None,
        level=None,
        dimension_levels={"d": None},
        phase=None,
        dimension_phases={"d": None},
    )


# --- levels and phases --------------------------------------------------------------

LEVELLED = _instrument(
    [_dim("d", [{"key": "n", "type": "number", "min": 0, "max": 100, "scored": True, "text": T}])]
)


@pytest.mark.parametrize(
    ("value", "level"),
    [(25.5, "average"), (25.49, "basic"), (0, "basic"), (75.5, "advanced"), (100, "advanced")],
)
def test_levels_use_the_score_rounded_half_up(value, level):
    """25.5 rounds to 26 (average); 25.49 rounds to 25 (basic)."""
    result = _scores(LEVELLED, {"n": value})
    assert (result.level, result.dimension_levels["d"]) == (level, level)


def _phased(tie: str) -> Instrument:
    options = [
        _option("start", score=0, points={"starting": 2}),
        _option("both", score=1, points={"starting": 1, "routine": 1}),
        _option("run", score=2, points={"routine": 2}),
        _option("zero", score=2),
    ]
    choice = {"key": "c", "type": "choice", "text": T, "options": options}
    multi = {"key": "m", "type": "multi", "text": T, "scored": False, "options": options}
    categories = [{"key": k, "title": T} for k in ("starting", "routine", "fading")]
    return _instrument(
        [_dim("a", [choice]), _dim("b", [_scale("s"), multi])],
        phases={"categories": categories, "tie": tie},
    )


def test_phase_is_the_category_with_most_points():
    """Points add up per dimension and overall; the maximum wins."""
    result = _scores(_phased("first"), {"c": "start", "m": ["run", "both"]})
    assert result.dimension_phases == {"a": "starting", "b": "routine"}  # b: 1 against 3
    assert result.phase == "starting"  # 3 against 3: the first listed
    result = _scores(_phased("first"), {"c": "both", "m": ["run", "both"]})
    assert result.phase == "routine"  # 2 against 4


def test_a_tie_goes_to_the_first_or_last_listed_category():
    """starting 2 and routine 2 tie: 'first' picks starting, 'last' picks routine."""
    answers = {"c": "start", "m": ["run"]}
    assert _scores(_phased("first"), answers).phase == "starting"
    assert _scores(_phased("last"), answers).phase == "routine"
    assert _scores(_phased("last"), {"c": "both"}).dimension_phases["a"] == "routine"


def test_no_points_means_no_phase():
    """Answers that give no points leave the phase missing, not the first category."""
    result = _scores(_phased("first"), {"c": "zero", "m": []})
    assert (result.phase, result.dimension_phases) == (None, {"a": None, "b": None})


def test_phase_points_of_hidden_items_do_not_count():
    """A hidden multiple-choice item gives no points."""
    instrument = _phased("first")
    data = instrument.model_dump(by_alias=True, exclude_none=True)
    data["dimensions"][1]["items"][1]["show_if"] = {"item": "s", "at_least": 4}
    gated = Instrument.model_validate(data)
    answers = {"c": "start", "s": 2, "m": ["run", "both"]}
    assert _scores(gated, answers).dimension_phases["b"] is None
    assert _scores(gated, answers | {"s": 4}).dimension_phases["b"] == "routine"


# --- encoding -----------------------------------------------------------------------


def test_encode_lists_every_invalid_answer_with_its_response():
    """AnswerError names the response index, the field and the problem."""
    compiled = compile_instrument(SCALES)
    with pytest.raises(AnswerError) as caught:
        encode(compiled, [{"plain": 3}, {"plain": 9, "extra": 1}])
    assert caught.value.problems == [
        (1, "extra", "there is no question 'extra' in this instrument"),
        (1, "plain", "9 is not on the scale 1-5; give a whole number from 1 to 5 or one of: dk"),
    ]


def test_encode_reports_a_huge_integer_as_an_invalid_answer():
    """An int too big for a float is listed as an answer problem, not raised as overflow."""
    instrument = _instrument([_dim("d", [_scale("a")])])
    with pytest.raises(AnswerError) as error:
        encode(compile_instrument(instrument), [{"a": 10**400}])
    assert [(i, field) for i, field, _ in error.value.problems] == [(0, "a")]
    assert "is not on the scale" in error.value.problems[0][2]


def test_encode_without_validation_takes_stored_answers_as_they_are():
    """validate=False skips the checks; decode gives back what scoring reads."""
    compiled = compile_instrument(MULTI)
    matrix = encode(compiled, [{"tools": ["a", "c"]}, {}], validate=False)
    assert decode(compiled, matrix, 0) == {"tools": ["a", "c"]}
    assert decode(compiled, matrix, 1) == {}


def test_batch_scores_have_one_row_per_response():
    """Arrays are (responses, fields); missing is NaN or -1."""
    compiled = compile_instrument(SCALES)
    batch = score(compiled, encode(compiled, [{"plain": 5}, {}, {"plain": 1, "flipped": 1}]))
    assert batch.items.shape == (3, 2)
    assert batch.item_keys == ["plain", "flipped"]
    assert batch.dimension_keys == ["d"]
    np.testing.assert_array_equal(batch.overall, [100.0, np.nan, 50.0])
    assert batch.level.tolist() == [3, -1, 1]
    assert batch.phase.tolist() == [-1, -1, -1]


def test_the_worked_example_in_the_docs_holds():
    """docs/scoring.md's worked example gives the scores it states."""
    people = _dim(
        "people",
        [_scale("p1"), _scale("p2", reverse=True, weight=2)],
        dimensions=[_dim("people.skills", [_scale("s1"), _scale("s2"), _scale("s3")], weight=2)],
    )
    options = [_option("mail"), _option("chat", weight=2), _option("fax", weight=-1)]
    tools = _dim("tools", [{"key": "t1", "type": "multi", "text": T, "options": options}])
    answers = {"p1": 4, "p2": 2, "s1": 5, "s2": "dk", "t1": ["chat", "fax"]}
    result = _scores(_instrument([people, tools]), answers)
    assert result.items == {"p1": 75, "p2": 75, "s1": 100, "s2": None, "s3": None, "t1": 50}
    assert result.dimensions == {"people": 75, "people.skills": None, "tools": 50}
    assert (result.overall, result.level) == (62.5, "moderate")
    assert result.dimension_levels == {
        "people": "moderate",
        "people.skills": None,
        "tools": "average",
    }
