"""One response scored at submit time: the reference scorer's arithmetic, planned once.

The reference scorer (`mognad.core.reference`) looks up each item's scale, options and
range, and each dimension's items, again for every response: at submit time that was
most of a submission's scoring. `plan_scoring` looks them up once per instrument, and
`score_one` then does the reference's arithmetic on the same numbers in the same order,
so that its results equal the reference's exactly, floats included (tests/core/
test_single.py checks that on random instruments and on the built-in ones). Like the
reference, it takes answers that `validate_answers` accepts; `accepts` tells that at
a glance for the answers a form sends, so that the full check, with its messages, runs
only when something may be wrong.
"""

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from mognad.core.answers import PAIR_PARTS, shown_items
from mognad.core.model import (
    ChoiceItem,
    Dimension,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    PairItem,
    ScaleItem,
    TextItem,
    is_scored,
)
from mognad.core.reference import dominant_category, level_of, overall_score, weighted_mean
from mognad.core.results import ResponseScores

ItemScore = Callable[[Any], float | None]
Accepts = Callable[[Any], bool]
# An item's chosen options, as (key, points) pairs in the instrument's order; "one" for a
# single choice (the options with the answer's key), "ticked" for multiple choice.
PointsPlan = tuple[str, str, tuple[tuple[str, tuple[tuple[str, float], ...]], ...]]


@dataclass(frozen=True)
class DimensionPlan:
    key: str
    subtree: tuple[str, ...]  # the scored items of the dimension and all below it
    share: float  # of them answered, for a score
    items: tuple[tuple[float, str], ...]  # its own scored items' weights and keys
    children: tuple[tuple[float, str], ...]  # its sub-dimensions' weights and keys


@dataclass(frozen=True, eq=False)
class ScoringPlan:
    instrument: Instrument
    items: tuple[tuple[str, ItemScore], ...]  # every scored item, in questionnaire order
    dimensions: tuple[DimensionPlan, ...]  # children before their parents
    walk: tuple[str, ...]  # every dimension's key, parents first
    points: dict[str, tuple[PointsPlan, ...]]  # by dimension: its subtree's points
    every: tuple[PointsPlan, ...]  # those of the whole instrument
    checks: dict[str, Accepts]  # by item key: whether a given answer is plainly valid
    required: tuple[tuple[str, bool], ...]  # the required items' keys, and whether a pair


def plan_scoring(instrument: Instrument) -> ScoringPlan:
    """What scoring a response of `instrument` needs, looked up once."""
    return ScoringPlan(
        instrument=instrument,
        items=tuple(
            (item.key, _item_score(instrument, item))
            for _, item in instrument.walk_items()
            if is_scored(item)
        ),
        dimensions=tuple(
            _dimension_plan(instrument, d) for top in instrument.dimensions for d in _after(top)
        ),
        walk=tuple(d.key for d in instrument.walk_dimensions()),
        points={d.key: _points_plan(instrument, d) for d in instrument.walk_dimensions()},
        every=tuple(p for top in instrument.dimensions for p in _points_plan(instrument, top)),
        checks={item.key: _check(instrument, item) for _, item in instrument.walk_items()},
        required=tuple(
            (item.key, isinstance(item, PairItem))
            for _, item in instrument.walk_items()
            if item.required
        ),
    )


def score_one(
    plan: ScoringPlan, answers: Mapping[str, Any], shown: Mapping[str, bool] | None = None
) -> ResponseScores:
    """All scores of one respondent's answers, equal to `reference.score_response`'s.

    `shown` is `shown_items(instrument, answers)`, when the caller has it already.
    """
    instrument = plan.instrument
    if shown is None:
        shown = shown_items(instrument, answers)
    items = {key: score(answers.get(key)) if shown[key] else None for key, score in plan.items}
    computed: dict[str, float | None] = {}
    for dim in plan.dimensions:
        computed[dim.key] = _dimension_score(dim, items, shown, computed)
    dimensions = {key: computed[key] for key in plan.walk}
    overall = overall_score(instrument, dimensions)
    phased = instrument.phases is not None
    phases = {
        key: _phase(instrument, plan.points[key], answers, shown) if phased else None
        for key in plan.walk
    }
    return ResponseScores(
        items=items,
        dimensions=dimensions,
        overall=overall,
        level=level_of(instrument, overall),
        dimension_levels={key: level_of(instrument, s) for key, s in dimensions.items()},
        phase=_phase(instrument, plan.every, answers, shown) if phased else None,
        dimension_phases=phases,
    )


def accepts(plan: ScoringPlan, answers: Mapping[str, Any], shown: Mapping[str, bool]) -> bool:
    """True only when `validate_answers` finds no problem with the answers, whose
    `shown_items` are `shown`; False when it may find one (or would accept an unusual
    form of an answer, such as 3.0 for 3)."""
    checks = plan.checks
    for key, value in answers.items():
        check = checks.get(key)
        if check is None or (value is not None and not check(value)):
            return False
    for key, pair in plan.required:
        if shown[key] and not _answered(answers.get(key), pair):
            return False
    return True


def accepts_page(plan: ScoringPlan, answers: Mapping[str, Any], shown: Collection[str]) -> bool:
    """True only when `validate_answers` finds no problem with the answers to the items
    `shown` (those of one page that are shown), the other answers being valid; False
    when it may find one."""
    checks = plan.checks
    for key in shown:
        value = answers.get(key)
        check = checks.get(key)
        if check is None or (value is not None and not check(value)):
            return False
    return all(_answered(answers.get(key), pair) for key, pair in plan.required if key in shown)


def _answered(value: Any, pair: bool) -> bool:
    if not pair:
        return value is not None
    return isinstance(value, dict) and all(value.get(part) is not None for part in PAIR_PARTS)


def _check(instrument: Instrument, item: Item) -> Accepts:
    if isinstance(item, ScaleItem):
        return _on_scale(instrument, item)
    if isinstance(item, PairItem):
        on_scale = _on_scale(instrument, item)
        return lambda value: (
            type(value) is dict
            and all(part in PAIR_PARTS for part in value)
            and all(value.get(part) is None or on_scale(value[part]) for part in PAIR_PARTS)
        )
    if isinstance(item, ChoiceItem):
        keys = {o.key for o in instrument.resolve_options(item)}
        return lambda value: type(value) is str and value in keys
    if isinstance(item, MultiItem):
        return _ticks(item)
    if isinstance(item, NumberItem):
        return _in_range(item)
    assert isinstance(item, TextItem)
    longest = item.max_length
    return lambda value: type(value) is str and len(value) <= longest


def _on_scale(instrument: Instrument, item: ScaleItem | PairItem) -> Accepts:
    scale = instrument.resolve_scale(item)
    low, high, missing = scale.min, scale.max, {m.key for m in scale.missing}
    return lambda value: (
        (type(value) is int and low <= value <= high) or (type(value) is str and value in missing)
    )


def _ticks(item: MultiItem) -> Accepts:
    keys = {o.key for o in item.options}
    exclusive = {o.key for o in item.options if o.exclusive}

    def check(value: Any) -> bool:
        return (
            type(value) is list
            and all(type(key) is str and key in keys for key in value)
            and len(set(value)) == len(value)
            and (len(value) == 1 or not exclusive.intersection(value))
        )

    return check


def _in_range(item: NumberItem) -> Accepts:
    low, high, whole = item.min, item.max, item.integer

    def check(value: Any) -> bool:
        if type(value) is int:
            return low <= value <= high
        return (
            type(value) is float
            and math.isfinite(value)
            and (not whole or value.is_integer())
            and low <= value <= high
        )

    return check


# --- items --------------------------------------------------------------------------


def _item_score(instrument: Instrument, item: Item) -> ItemScore:
    if isinstance(item, ScaleItem):
        scale = instrument.resolve_scale(item)
        on_scale = _on_range(scale.min, scale.max, item.reverse)
        # A scale's "don't know" and "not applicable" answers are its only strings.
        return lambda value: None if isinstance(value, str) else on_scale(value)
    if isinstance(item, PairItem):
        scale = instrument.resolve_scale(item)
        return _performance(_on_range(scale.min, scale.max, False))
    if isinstance(item, ChoiceItem):
        return _choice(instrument, item)
    if isinstance(item, MultiItem):
        return _multi(item)
    assert isinstance(item, NumberItem)
    return _on_range(item.min, item.max, item.reverse)


def _on_range(low: float, high: float, reverse: bool) -> ItemScore:
    def score(value: Any) -> float | None:
        if value is None or high == low:
            return None
        result: float = (value - low) / (high - low) * 100
        return 100 - result if reverse else result

    return score


def _performance(on_scale: ItemScore) -> ItemScore:
    def score(value: Any) -> float | None:
        if value is None or isinstance(value, str):
            return None
        part = value.get("performance")
        return None if isinstance(part, str) else on_scale(part)

    return score


def _choice(instrument: Instrument, item: ChoiceItem) -> ItemScore:
    options = instrument.resolve_options(item)
    missing = {o.key for o in options if o.missing}
    raw: dict[str, float] = {}
    for option in options:
        raw.setdefault(option.key, option.choice_score)  # the first option of a key counts
    kept = [o.choice_score for o in options if not o.missing]
    low, high = (min(kept), max(kept)) if kept else (0.0, 0.0)
    on_range = _on_range(low, high, item.reverse)

    def score(value: Any) -> float | None:
        if value is None or value in missing:
            return None
        return on_range(raw[value])

    return score


def _multi(item: MultiItem) -> ItemScore:
    weights = tuple((o.key, o.tick_weight) for o in item.options)
    missing = tuple(o.key for o in item.options if o.missing)
    on_range = _on_range(*item.weight_range(), False)

    def score(value: Any) -> float | None:
        if value is None or any(key in value for key in missing):
            return None
        return on_range(sum(weight for key, weight in weights if key in value))

    return score


# --- dimensions ---------------------------------------------------------------------


def _after(dim: Dimension) -> list[Dimension]:
    """The dimension's subtree, each dimension after its children (the reference's order)."""
    return [*(d for child in dim.dimensions for d in _after(child)), dim]


def _dimension_plan(instrument: Instrument, dim: Dimension) -> DimensionPlan:
    return DimensionPlan(
        key=dim.key,
        subtree=tuple(item.key for sub in dim.subtree() for item in sub.items if is_scored(item)),
        share=instrument.min_answered_for(dim),
        items=tuple((item.weight, item.key) for item in dim.items if is_scored(item)),
        children=tuple((child.weight, child.key) for child in dim.dimensions),
    )


def _dimension_score(
    dim: DimensionPlan,
    items: Mapping[str, float | None],
    shown: Mapping[str, bool],
    computed: Mapping[str, float | None],
) -> float | None:
    shown_count = answered_count = 0
    for key in dim.subtree:
        shown_count += shown[key]
        answered_count += items[key] is not None
    if answered_count == 0 or answered_count / shown_count < dim.share:
        return None
    parts = [(weight, items[key]) for weight, key in dim.items]
    parts += [(weight, computed[key]) for weight, key in dim.children]
    return weighted_mean(parts)


# --- phases -------------------------------------------------------------------------


def _points_plan(instrument: Instrument, top: Dimension) -> tuple[PointsPlan, ...]:
    """The items of the subtree whose options give points, in the reference's order."""
    found: list[PointsPlan] = []
    for dim in top.subtree():
        for item in dim.items:
            if isinstance(item, ChoiceItem):
                found.append((item.key, "one", _option_points(instrument.resolve_options(item))))
            elif isinstance(item, MultiItem):
                found.append((item.key, "ticked", _option_points(item.options)))
    return tuple(plan for plan in found if any(points for _, points in plan[2]))


def _option_points(options: list[Any]) -> tuple[tuple[str, tuple[tuple[str, float], ...]], ...]:
    return tuple((o.key, tuple(o.points.items())) for o in options)


def _phase(
    instrument: Instrument,
    plans: tuple[PointsPlan, ...],
    answers: Mapping[str, Any],
    shown: Mapping[str, bool],
) -> str | None:
    points: dict[str, float] = {}
    for key, kind, options in plans:
        value = answers.get(key)
        if not shown[key] or value is None:
            continue
        for option, given in options:
            chosen = option == value if kind == "one" else option in value
            if chosen:
                for category, p in given:
                    points[category] = points.get(category, 0.0) + p
    return dominant_category(instrument, points)
