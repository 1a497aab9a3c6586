"""Properties of scoring on random instruments and answers (see docs/scoring.md)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mognad.core.answers import shown_items
from mognad.core.engine import compile_instrument, encode, score
from mognad.core.model import Dimension, Instrument, is_scored
from mognad.core.reference import score_response
from mognad.core.results import ResponseScores
from tests.core.strategies import answers, instruments

TOLERANCE = 1e-3  # the engine computes in float32
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instrument_and_answers(draw: st.DrawFn, count: int = 4) -> tuple[Instrument, list[Any]]:
    instrument = draw(instruments())
    docs = [draw(answers(instrument)) for _ in range(draw(st.integers(1, count)))]
    return instrument, docs


def _close(a: float | None, b: float | None, tolerance: float = TOLERANCE) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= tolerance


def _near_half(score: float | None) -> bool:
    """True when float32 rounding could move the score across a level boundary."""
    return score is not None and abs(score - math.floor(score) - 0.5) < TOLERANCE


def _assert_same(got: ResponseScores, want: ResponseScores) -> None:
    for field in ("items", "dimensions"):
        mine, theirs = getattr(got, field), getattr(want, field)
        assert mine.keys() == theirs.keys()
        for key in theirs:
            assert _close(mine[key], theirs[key]), (field, key, mine[key], theirs[key])
    assert _close(got.overall, want.overall)
    assert got.phase == want.phase
    assert got.dimension_phases == want.dimension_phases
    if not _near_half(want.overall):
        assert got.level == want.level
    for key, level in want.dimension_levels.items():
        if not _near_half(want.dimensions[key]):
            assert got.dimension_levels[key] == level


@SETTINGS
@given(instrument_and_answers())
def test_engine_agrees_with_reference(case):
    """Every score, level and phase of the engine equals the reference's.

    Scores agree within 1e-3; a level is compared unless the reference score lies
    within 1e-3 of a half point, where float32 rounding may pick the other band.
    """
    instrument, docs = case
    compiled = compile_instrument(instrument)
    batch = score(compiled, encode(compiled, docs))
    for i, doc in enumerate(docs):
        _assert_same(batch.row(i), score_response(instrument, doc))


def _all_scores(result: ResponseScores) -> list[float]:
    values = [*result.items.values(), *result.dimensions.values(), result.overall]
    return [v for v in values if v is not None]


@SETTINGS
@given(instrument_and_answers())
def test_every_score_lies_between_0_and_100(case):
    """Item, dimension and overall scores of both scorers are within [0, 100]."""
    instrument, docs = case
    compiled = compile_instrument(instrument)
    batch = score(compiled, encode(compiled, docs))
    for i, doc in enumerate(docs):
        for value in _all_scores(score_response(instrument, doc)) + _all_scores(batch.row(i)):
            assert 0 <= value <= 100


Scorer = Callable[[Instrument, dict[str, Any]], ResponseScores]


def _reference(instrument: Instrument, doc: dict[str, Any]) -> ResponseScores:
    return score_response(instrument, doc)


def _engine(instrument: Instrument, doc: dict[str, Any]) -> ResponseScores:
    compiled = compile_instrument(instrument)
    return score(compiled, encode(compiled, [doc])).row(0)


# Each scorer with how closely it reproduces a value it computes another way.
SCORERS = {"reference": (_reference, 1e-9), "engine": (_engine, TOLERANCE)}
BOTH = pytest.mark.parametrize("scorer", sorted(SCORERS))


def _edit(instrument: Instrument, change: Any) -> Instrument:
    """A copy of the instrument with `change` applied to its plain-data form."""
    data = instrument.model_dump(by_alias=True, exclude_none=True)
    change(data)
    return Instrument.model_validate(data)


def _dimensions_data(dims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for dim in dims for d in [dim, *_dimensions_data(dim["dimensions"])]]


def _reversible_keys(instrument: Instrument) -> list[str]:
    return [
        item.key
        for _, item in instrument.walk_items()
        if item.type in ("scale", "choice", "number") and is_scored(item)
    ]


@BOTH
@SETTINGS
@given(instrument_and_answers(count=1), st.data())
def test_reversing_an_item_mirrors_its_score(scorer, case, data):
    """Flipping `reverse` on a scored item turns its score s into 100 - s.

    A missing score stays missing, and no other item score changes."""
    run, tolerance = SCORERS[scorer]
    instrument, (doc,) = case
    keys = _reversible_keys(instrument)
    key = data.draw(st.sampled_from(keys)) if keys else None

    def flip(raw: dict[str, Any]) -> None:
        for dim in _dimensions_data(raw["dimensions"]):
            for item in dim["items"]:
                if item["key"] == key:
                    item["reverse"] = not item.get("reverse", False)

    before = run(instrument, doc).items
    after = run(_edit(instrument, flip), doc).items
    for k, value in before.items():
        if k == key and value is not None:
            assert _close(after[k], 100 - value, tolerance)
        else:
            assert after[k] == value


@BOTH
@SETTINGS
@given(instrument_and_answers(count=1), st.data(), st.sampled_from([0.5, 2.0, 7.0]))
def test_scaling_weights_inside_a_dimension_keeps_its_score(scorer, case, data, factor):
    """Multiplying the weights of a dimension's own items and child dimensions by one
    positive factor leaves that dimension's score (and whether it exists) unchanged."""
    run, tolerance = SCORERS[scorer]
    instrument, (doc,) = case
    key = data.draw(st.sampled_from([d.key for d in instrument.walk_dimensions()]))

    def scale(raw: dict[str, Any]) -> None:
        dim = next(d for d in _dimensions_data(raw["dimensions"]) if d["key"] == key)
        for part in dim["items"] + dim["dimensions"]:
            part["weight"] = part.get("weight", 1.0) * factor

    before = run(instrument, doc).dimensions[key]
    after = run(_edit(instrument, scale), doc).dimensions[key]
    assert _close(before, after, tolerance)


def _weighted_mean_of_parts(dim: Dimension, result: ResponseScores) -> float | None:
    """The mean of a dimension's own item scores and child scores that exist, by weight."""
    parts = [(result.items.get(item.key), item.weight) for item in dim.items]
    parts += [(result.dimensions[child.key], child.weight) for child in dim.dimensions]
    scored = [(value, weight) for value, weight in parts if value is not None]
    if not scored:
        return None
    return sum(v * w for v, w in scored) / sum(w for _, w in scored)


@BOTH
@SETTINGS
@given(instrument_and_answers(count=1), st.data())
def test_a_missing_answer_changes_which_scores_exist_never_their_values(scorer, case, data):
    """Turning one answer into a missing one (removed, or a "don't know" key/option)
    changes no value that exists both before and after, except through the formula.
    Precisely, with "lost" the items whose score exists before but not after:

    - every item score that exists after equals its score before, if the item was
      shown before (a condition on the changed answer may show an item only now);
    - for every dimension whose subtree shows the same items before and after:
      if no item of its subtree was lost, its score is the same before and after
      (both missing or equal); otherwise it exists after only if it existed before,
      and then it equals the weighted mean of its parts that still have a score;
    - the overall score, if it exists before and after, is equal unless some
      top-level dimension score changed, appeared or disappeared.
    """
    run, tolerance = SCORERS[scorer]
    instrument, (doc,) = case
    key = data.draw(st.sampled_from(sorted(doc))) if doc else None
    changed = dict(doc)
    if key is not None:
        changed[key] = data.draw(_missing_answer(instrument, key))
        if changed[key] is None:
            del changed[key]
    before, after = run(instrument, doc), run(instrument, changed)
    shown_before, shown_after = shown_items(instrument, doc), shown_items(instrument, changed)
    for k, value in after.items.items():
        assert value is None or not shown_before[k] or value == before.items[k]
    lost = {k for k, v in before.items.items() if v is not None and after.items[k] is None}
    for dim in instrument.walk_dimensions():
        keys = {item.key for d in dim.subtree() for item in d.items}
        if any(shown_before[k] != shown_after[k] for k in keys):
            continue  # a condition tested the changed answer: other items count now
        was, now = before.dimensions[dim.key], after.dimensions[dim.key]
        if not keys & lost:
            assert _close(now, was, tolerance)
        elif now is not None:
            assert was is not None
            assert _close(now, _weighted_mean_of_parts(dim, after), tolerance)
    top = [d.key for d in instrument.dimensions]
    same_top = all(_close(before.dimensions[k], after.dimensions[k], tolerance) for k in top)
    if same_top and before.overall is not None and after.overall is not None:
        assert _close(after.overall, before.overall, tolerance)


def _missing_answer(instrument: Instrument, key: str) -> st.SearchStrategy[Any]:
    item = next(i for _, i in instrument.walk_items() if i.key == key)
    choices: list[Any] = [None]
    if item.type == "scale":
        choices += [m.key for m in instrument.resolve_scale(item).missing]
    if item.type == "choice":
        choices += [o.key for o in instrument.resolve_options(item) if o.missing]
    if item.type == "multi":
        choices += [[o.key] for o in item.options if o.missing]
    return st.sampled_from(choices)
