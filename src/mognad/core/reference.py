"""The reference scorer: one response at a time, written to be read, not to be fast.

It follows docs/scoring.md line by line. The vectorised engine
(`mognad.core.engine`) must agree with it; the property tests check that on
random instruments and answers. Answers are assumed valid (see
`mognad.core.answers.validate_answers`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from mognad.core.answers import is_missing, shown_items
from mognad.core.model import (
    ChoiceItem,
    Dimension,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    PairItem,
    ScaleItem,
    is_scored,
)
from mognad.core.results import ResponseScores


def score_response(instrument: Instrument, answers: Mapping[str, Any]) -> ResponseScores:
    """All scores of one respondent's answers."""
    shown = shown_items(instrument, answers)
    items = {
        item.key: item_score(instrument, item, answers.get(item.key)) if shown[item.key] else None
        for _, item in instrument.walk_items()
        if is_scored(item)
    }
    computed: dict[str, float | None] = {}
    for dim in instrument.dimensions:
        dimension_score(instrument, dim, items, shown, computed)
    dimensions = {d.key: computed[d.key] for d in instrument.walk_dimensions()}
    overall = overall_score(instrument, dimensions)
    phases = {
        d.key: dimension_phase(instrument, d, answers, shown) if instrument.phases else None
        for d in instrument.walk_dimensions()
    }
    # Without phase categories there is nothing to count (dominant_category says None).
    all_points = (
        phase_points(instrument, instrument.dimensions, answers, shown) if instrument.phases else {}
    )
    return ResponseScores(
        items=items,
        dimensions=dimensions,
        overall=overall,
        level=level_of(instrument, overall),
        dimension_levels={key: level_of(instrument, s) for key, s in dimensions.items()},
        phase=dominant_category(instrument, all_points),
        dimension_phases=phases,
    )


# --- items --------------------------------------------------------------------------


def item_score(instrument: Instrument, item: Item, value: Any) -> float | None:
    """The item's score on 0-100, or None when unanswered or answered "missing"."""
    if value is None or is_missing(instrument, item, value):
        return None
    if isinstance(item, PairItem):
        value = value.get("performance")
        if value is None or isinstance(value, str):
            return None
    low, high, raw = _range_and_raw(instrument, item, value)
    if high == low:
        return None  # a range of zero width cannot place any answer
    score = (raw - low) / (high - low) * 100
    if getattr(item, "reverse", False):
        score = 100 - score
    return score


def _range_and_raw(instrument: Instrument, item: Item, value: Any) -> tuple[float, float, float]:
    if isinstance(item, ScaleItem | PairItem):
        scale = instrument.resolve_scale(item)
        return scale.min, scale.max, value
    if isinstance(item, ChoiceItem):
        low, high = instrument.choice_score_range(item)
        chosen = next(o for o in instrument.resolve_options(item) if o.key == value)
        return low, high, chosen.choice_score
    if isinstance(item, MultiItem):
        low, high = item.weight_range()
        return low, high, sum(o.tick_weight for o in item.options if o.key in value)
    if isinstance(item, NumberItem):
        return item.min, item.max, value
    raise TypeError(f"{item.type} items have no score")


# --- dimensions and overall ---------------------------------------------------------


def dimension_score(
    instrument: Instrument,
    dim: Dimension,
    items: Mapping[str, float | None],
    shown: Mapping[str, bool],
    out: dict[str, float | None],
) -> float | None:
    """The score of `dim` (stored in `out` with those of its sub-dimensions)."""
    for child in dim.dimensions:
        dimension_score(instrument, child, items, shown, out)
    subtree = [item for sub in dim.subtree() for item in sub.items if is_scored(item)]
    shown_count = sum(1 for item in subtree if shown[item.key])
    answered_count = sum(1 for item in subtree if items[item.key] is not None)
    share = instrument.min_answered_for(dim)
    if answered_count == 0 or answered_count / shown_count < share:
        out[dim.key] = None
        return None
    parts = [(item.weight, items[item.key]) for item in dim.items if is_scored(item)]
    parts += [(child.weight, out[child.key]) for child in dim.dimensions]
    out[dim.key] = weighted_mean(parts)
    return out[dim.key]


def weighted_mean(parts: list[tuple[float, float | None]]) -> float | None:
    scored = [(w, s) for w, s in parts if s is not None]
    total = sum(w for w, _ in scored)
    if total == 0:
        return None
    mean = sum(w * s for w, s in scored) / total
    return min(max(mean, 0.0), 100.0)  # guards against rounding just outside 0-100


def overall_score(instrument: Instrument, dimensions: Mapping[str, float | None]) -> float | None:
    """Weighted mean of the top-level dimensions, if enough of their weight is scored."""
    parts = [(d.weight, dimensions[d.key]) for d in instrument.dimensions]
    scored_weight = sum(w for w, s in parts if s is not None)
    all_weight = sum(w for w, _ in parts)
    if scored_weight / all_weight < instrument.scoring.overall_min_dimensions - 1e-9:
        return None
    return weighted_mean(parts)


# --- levels and phases --------------------------------------------------------------


def level_of(instrument: Instrument, score: float | None) -> str | None:
    """The level whose band holds the score rounded to a whole number (halves up)."""
    if score is None:
        return None
    rounded = math.floor(score + 0.5)
    return next((lv.key for lv in instrument.levels if lv.min <= rounded <= lv.max), None)


def dimension_phase(
    instrument: Instrument, dim: Dimension, answers: Mapping[str, Any], shown: Mapping[str, bool]
) -> str | None:
    return dominant_category(instrument, phase_points(instrument, [dim], answers, shown))


def phase_points(
    instrument: Instrument,
    dims: list[Dimension],
    answers: Mapping[str, Any],
    shown: Mapping[str, bool],
) -> dict[str, float]:
    """Points per category from the shown answers in the given dimensions' subtrees."""
    points: dict[str, float] = {}
    for top in dims:
        for dim in top.subtree():
            for item in dim.items:
                if shown[item.key]:
                    for option in _chosen_options(instrument, item, answers.get(item.key)):
                        for category, p in option.points.items():
                            points[category] = points.get(category, 0.0) + p
    return points


def _chosen_options(instrument: Instrument, item: Item, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(item, ChoiceItem):
        return [o for o in instrument.resolve_options(item) if o.key == value]
    if isinstance(item, MultiItem):
        return [o for o in item.options if o.key in value]
    return []


def dominant_category(instrument: Instrument, points: Mapping[str, float]) -> str | None:
    """The category with the most points; ties go to the first (or last) listed."""
    if instrument.phases is None:
        return None
    categories = [c.key for c in instrument.phases.categories]
    if instrument.phases.tie == "last":
        categories.reverse()
    best: str | None = None
    for key in categories:
        if points.get(key, 0.0) > (points[best] if best else 0.0):
            best = key
    return best
