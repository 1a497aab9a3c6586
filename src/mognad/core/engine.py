"""The vectorised scoring engine: an instrument compiled once, responses scored in batches.

`compile_instrument` turns an instrument into lookup tables; `encode` turns
answers documents into an `AnswerMatrix` (a Python loop, done once when
answers are stored or imported); `score` computes every score of every
response with NumPy, looping over items and dimensions but never over
responses. The formulas are in docs/scoring.md; `mognad.core.reference` is the
slow, obvious version that this one must agree with.

Arrays are stored field-major (one contiguous row per answer field) so that
each item's column is read in one sweep; the public results are transposed
views with one row per response.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mognad.core.answers import validate_answers
from mognad.core.compiled import (
    NO_ANSWER,
    AnswerMatrix,
    Bools,
    CodePlan,
    Compiled,
    CompiledCondition,
    CompiledTest,
    DimensionPlan,
    Floats,
    Indices,
    MultiPlan,
    NumberPlan,
    Plan,
    compile_instrument,
)
from mognad.core.model import Instrument
from mognad.core.results import ResponseScores

__all__ = [
    "AnswerError",
    "AnswerMatrix",
    "BatchScores",
    "CodePlan",
    "Compiled",
    "MultiPlan",
    "NumberPlan",
    "compile_instrument",
    "decode",
    "empty_matrix",
    "encode",
    "score",
]


class AnswerError(ValueError):
    """Invalid answers in a batch: `problems` lists (response index, field, message)."""

    def __init__(self, problems: list[tuple[int, str, str]]) -> None:
        self.problems = problems
        shown = "; ".join(f"response {i}, {field}: {msg}" for i, field, msg in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} invalid answer(s): {shown}{more}")


# --- encoding -----------------------------------------------------------------------


def encode(
    compiled: Compiled, answers_list: Sequence[Mapping[str, Any]], *, validate: bool = True
) -> AnswerMatrix:
    """The answers of many respondents as one matrix.

    With `validate` (the default) every document is checked first and an
    `AnswerError` lists all problems; stored answers that were checked when
    they arrived can skip that with `validate=False`.
    """
    if validate:
        _check(compiled.instrument, answers_list)
    matrix = empty_matrix(compiled, len(answers_list))
    for i, answers in enumerate(answers_list):
        for plan in compiled.plans:
            value = answers.get(plan.item.key)
            if value is not None:
                plan.encode(value, matrix, i)
    return matrix


def empty_matrix(compiled: Compiled, n: int) -> AnswerMatrix:
    """A matrix of n responses with nothing answered."""
    codes, numbers, ticks, multis = compiled.shape
    return AnswerMatrix(
        n=n,
        codes=np.full((codes, n), NO_ANSWER, np.int16),
        numbers=np.full((numbers, n), np.nan),
        ticks=np.zeros((ticks, n), np.bool_),
        given=np.zeros((multis, n), np.bool_),
    )


def _check(instrument: Instrument, answers_list: Sequence[Mapping[str, Any]]) -> None:
    problems = [
        (i, problem.field, problem.message)
        for i, answers in enumerate(answers_list)
        for problem in validate_answers(instrument, answers)
    ]
    if problems:
        raise AnswerError(problems)


def decode(compiled: Compiled, matrix: AnswerMatrix, i: int) -> dict[str, Any]:
    """The answers document of response i, as far as the matrix holds it.

    A pair's importance part and texts that no condition compares with are not
    kept; everything that scoring reads is.
    """
    answers = {}
    for plan in compiled.plans:
        value = plan.decode(matrix, i)
        if value is not None:
            answers[plan.item.key] = value
    return answers


# --- scoring ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BatchScores:
    """Every score of n responses; NaN (or -1 for an index) means missing.

    `items` (n, items) and `dimensions` (n, dimensions) are float32 on 0-100;
    `level`, `dimension_levels`, `phase` and `dimension_phases` are int8 indexes
    into the instrument's levels and phase categories.
    """

    item_keys: list[str]
    dimension_keys: list[str]
    level_keys: list[str]
    category_keys: list[str]
    items: Floats
    dimensions: Floats
    overall: Floats
    level: Indices
    dimension_levels: Indices
    phase: Indices
    dimension_phases: Indices

    def __len__(self) -> int:
        return len(self.overall)

    def row(self, i: int) -> ResponseScores:
        """Response i in the reference scorer's shape."""
        return ResponseScores(
            items=dict(zip(self.item_keys, map(_value, self.items[i]), strict=True)),
            dimensions=dict(zip(self.dimension_keys, map(_value, self.dimensions[i]), strict=True)),
            overall=_value(self.overall[i]),
            level=_key(self.level_keys, self.level[i]),
            dimension_levels={
                key: _key(self.level_keys, k)
                for key, k in zip(self.dimension_keys, self.dimension_levels[i], strict=True)
            },
            phase=_key(self.category_keys, self.phase[i]),
            dimension_phases={
                key: _key(self.category_keys, k)
                for key, k in zip(self.dimension_keys, self.dimension_phases[i], strict=True)
            },
        )


def _value(x: np.floating[Any]) -> float | None:
    return None if np.isnan(x) else float(x)


def _key(keys: list[str], index: np.integer[Any]) -> str | None:
    return keys[index] if index >= 0 else None


def score(compiled: Compiled, matrix: AnswerMatrix) -> BatchScores:
    """Every score of every response in the matrix."""
    shown = _visibility(compiled, matrix)
    items = _item_scores(compiled, matrix, shown)
    dims, valid = _dimension_scores(compiled, items, shown)
    overall = _overall(compiled, dims, valid)
    points = _phase_points(compiled, matrix, shown)
    return BatchScores(
        item_keys=compiled.item_keys,
        dimension_keys=[d.key for d in compiled.dimensions],
        level_keys=compiled.level_keys,
        category_keys=compiled.category_keys,
        items=items.T,
        dimensions=dims.T,
        overall=overall,
        level=_levels(compiled, overall),
        dimension_levels=_levels(compiled, dims).T,
        phase=_dominant(compiled, _sum_points([points[d] for d in compiled.top]), matrix.n),
        dimension_phases=np.stack([_dominant(compiled, p, matrix.n) for p in points]).T,
    )


def _visibility(compiled: Compiled, matrix: AnswerMatrix) -> list[Bools | None]:
    """Per item: None when always shown, else whether each response is shown it."""
    shown: list[Bools | None] = []
    for condition in compiled.conditions:
        shown.append(None if condition is None else _evaluate(condition, matrix, shown))
    return shown


def _evaluate(
    condition: CompiledCondition, matrix: AnswerMatrix, shown: list[Bools | None]
) -> Bools:
    results = [_test(test, matrix, shown[test.ref]) for test in condition.tests]
    combine = np.logical_or if condition.any else np.logical_and
    return combine.reduce(results) if len(results) > 1 else results[0]


def _test(test: CompiledTest, matrix: AnswerMatrix, ref_shown: Bools | None) -> Bools:
    holds = test.holds(matrix)
    if ref_shown is None:
        return holds
    return holds | ~ref_shown if test.when_hidden else holds & ref_shown


def _item_scores(compiled: Compiled, matrix: AnswerMatrix, shown: list[Bools | None]) -> Floats:
    items = np.empty((len(compiled.item_keys), matrix.n), np.float32)
    for plan, row, visible in zip(compiled.plans, compiled.score_rows, shown, strict=True):
        if row >= 0:
            assert not isinstance(plan, CodePlan) or plan.scores is not None
            items[row] = plan.item_scores(matrix)
            if visible is not None:
                items[row][~visible] = np.nan
    return items


def _dimension_scores(
    compiled: Compiled, items: Floats, shown: list[Bools | None]
) -> tuple[Floats, Bools]:
    n = items.shape[1]
    scores = np.empty((len(compiled.dimensions), n), np.float32)
    valid = np.empty((len(compiled.dimensions), n), np.bool_)
    counts = np.empty((len(compiled.dimensions), n), np.int16)
    for d in reversed(range(len(compiled.dimensions))):
        dim = compiled.dimensions[d]
        own = items[dim.own_rows]
        own_valid = ~np.isnan(own)
        total = dim.own_weights @ np.where(own_valid, own, np.float32(0))
        weight = dim.own_weights @ own_valid.astype(np.float32)
        counts[d] = own_valid.sum(axis=0, dtype=np.int16)
        for c in compiled.dimensions[d].children:
            child_weight = np.float32(compiled.dimensions[c].weight)
            total += child_weight * np.where(valid[c], scores[c], np.float32(0))
            weight += child_weight * valid[c]
            counts[d] += counts[c]
        enough = _enough_answered(dim, counts[d], shown)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.clip(total / weight, 0, 100)
        valid[d] = enough & (weight > 0)
        scores[d] = np.where(valid[d], mean, np.float32(np.nan))
    return scores, valid


def _enough_answered(
    dim: DimensionPlan, answered: NDArray[np.int16], shown: list[Bools | None]
) -> Bools:
    shown_count: Any = dim.fixed_shown
    for p in dim.conditional:
        shown_count = shown_count + shown[p]
    with np.errstate(invalid="ignore", divide="ignore"):
        too_few = answered / shown_count < dim.min_answered
    enough: Bools = (answered > 0) & ~too_few
    return enough


def _overall(compiled: Compiled, dims: Floats, valid: Bools) -> Floats:
    n = dims.shape[1]
    total = np.zeros(n, np.float32)
    weight = np.zeros(n, np.float32)
    # The share of scored weight is summed in float64 in the reference's order, so the
    # comparison with overall_min_dimensions comes out exactly as the reference's.
    share = np.zeros(n, np.float64)
    for d in compiled.top:
        dim_weight = compiled.dimensions[d].weight
        total += np.float32(dim_weight) * np.where(valid[d], dims[d], np.float32(0))
        weight += np.float32(dim_weight) * valid[d]
        share += dim_weight * valid[d]
    all_weight = sum(compiled.dimensions[d].weight for d in compiled.top)
    enough = share / all_weight >= compiled.instrument.scoring.overall_min_dimensions - 1e-9
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.clip(total / weight, 0, 100)
    return np.where(enough & (weight > 0), mean, np.float32(np.nan))


def _levels(compiled: Compiled, scores: Floats) -> Indices:
    rounded = np.floor(scores + np.float32(0.5))
    rounded = np.nan_to_num(rounded, nan=101, copy=False)
    return compiled.level_table.take(rounded.astype(np.int8))


def _phase_points(
    compiled: Compiled, matrix: AnswerMatrix, shown: list[Bools | None]
) -> list[Floats | None]:
    """Per dimension: points per (category, response) over its subtree, if any."""
    sums: list[Floats | None] = [None] * len(compiled.dimensions)
    for d in reversed(range(len(compiled.dimensions))):
        dim = compiled.dimensions[d]
        if not dim.has_points:
            continue
        parts: list[Floats | None] = [
            _item_points(compiled.plans[p], matrix, shown[p]) for p in dim.own_points
        ]
        parts += [sums[c] for c in dim.children if sums[c] is not None]
        sums[d] = _sum_points(parts)
    return sums


def _item_points(plan: Plan, matrix: AnswerMatrix, visible: Bools | None) -> Floats:
    assert not isinstance(plan, NumberPlan)
    points = plan.phase_points(matrix)
    return points if visible is None else points * visible


def _sum_points(parts: Sequence[Floats | None]) -> Floats | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    total = present[0].copy()
    for part in present[1:]:
        total += part
    return total


def _dominant(compiled: Compiled, points: Floats | None, n: int) -> Indices:
    if points is None:
        return np.full(n, -1, np.int8)
    if compiled.tie_last:
        best = len(points) - 1 - np.argmax(points[::-1], axis=0)
    else:
        best = np.argmax(points, axis=0)
    return np.where(points.max(axis=0) > 0, best, -1).astype(np.int8)
