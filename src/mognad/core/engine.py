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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mognad.core.answers import compare_holds, condition_value, validate_answers
from mognad.core.model import (
    AllOf,
    AnyOf,
    ChoiceItem,
    Compare,
    Condition,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    PairItem,
    ScaleItem,
    TextItem,
    is_scored,
)
from mognad.core.reference import ResponseScores

Floats = NDArray[np.float32]
Bools = NDArray[np.bool_]
Indices = NDArray[np.int8]
NO_ANSWER = -1


class AnswerError(ValueError):
    """Invalid answers in a batch: `problems` lists (response index, field, message)."""

    def __init__(self, problems: list[tuple[int, str, str]]) -> None:
        self.problems = problems
        shown = "; ".join(f"response {i}, {field}: {msg}" for i, field, msg in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} invalid answer(s): {shown}{more}")


@dataclass(frozen=True, eq=False)
class AnswerMatrix:
    """The answers of n responses as numbers, one row per answer field.

    `codes`: scale, pair (performance part), choice and text items, one small
    integer each (-1 unanswered; see `CodePlan`). `numbers`: number items, NaN
    when unanswered. `ticks`: one row per option of every multiple-choice item;
    `given`: one row per multiple-choice item, true when a list was given.
    """

    n: int
    codes: NDArray[np.int16]
    numbers: NDArray[np.float64]
    ticks: Bools
    given: Bools


# --- compiled items -----------------------------------------------------------------

Holds = Callable[[AnswerMatrix], Bools]


@dataclass(frozen=True, eq=False)
class CodePlan:
    """An item whose answer is one of a few values, stored as the value's position.

    Scale and pair: code = value - min, then the "missing" keys; choice: the option's
    position; text: 0 for any text, k for the k-th text a condition compares with.
    Every table has one more entry, at index -1, for "unanswered".
    """

    item: Item
    row: int
    values: tuple[Any, ...]
    encoding: Mapping[Any, int]
    scores: Floats | None
    points: Floats | None  # (categories, codes + 1)

    def encode(self, value: Any, matrix: AnswerMatrix, i: int) -> None:
        value = condition_value(self.item, value)
        if value is not None:
            matrix.codes[self.row, i] = self.encoding.get(value, 0)

    def decode(self, matrix: AnswerMatrix, i: int) -> Any:
        code = int(matrix.codes[self.row, i])
        value = None if code == NO_ANSWER else self.values[code]
        if isinstance(self.item, PairItem) and value is not None:
            return {"performance": value}
        return value

    def item_scores(self, matrix: AnswerMatrix) -> Floats:
        assert self.scores is not None
        scores: Floats = self.scores.take(matrix.codes[self.row])
        return scores

    def phase_points(self, matrix: AnswerMatrix) -> Floats:
        assert self.points is not None
        points: Floats = self.points.take(matrix.codes[self.row], axis=1)
        return points

    def compile_test(self, instrument: Instrument, test: Compare) -> Holds:
        table = np.array(
            [compare_holds(instrument, self.item, test, v) for v in (*self.values, None)]
        )
        return lambda m: table.take(m.codes[self.row])


@dataclass(frozen=True, eq=False)
class NumberPlan:
    item: NumberItem
    row: int

    def encode(self, value: Any, matrix: AnswerMatrix, i: int) -> None:
        matrix.numbers[self.row, i] = value

    def decode(self, matrix: AnswerMatrix, i: int) -> Any:
        value = float(matrix.numbers[self.row, i])
        return None if np.isnan(value) else value

    def item_scores(self, matrix: AnswerMatrix) -> Floats:
        low, high = self.item.min, self.item.max
        scores = (matrix.numbers[self.row] - low) / (high - low) * 100
        result: Floats = (100 - scores if self.item.reverse else scores).astype(np.float32)
        return result

    def compile_test(self, instrument: Instrument, test: Compare) -> Holds:
        wanted = [test.equals] if test.equals is not None else test.in_
        if test.answered is not None:
            return lambda m: np.isnan(m.numbers[self.row]) != test.answered
        if wanted is not None:
            numbers = [v for v in wanted if not isinstance(v, str)]
            return lambda m: np.isin(m.numbers[self.row], numbers)
        if test.at_least is not None:
            at_least = test.at_least
            return lambda m: m.numbers[self.row] >= at_least
        at_most = np.nan if test.at_most is None else test.at_most
        return lambda m: m.numbers[self.row] <= at_most


@dataclass(frozen=True, eq=False)
class MultiPlan:
    item: MultiItem
    row: int
    first_tick: int
    weights: Floats
    missing: tuple[int, ...]
    low: float
    high: float
    points: Floats | None  # (categories, options)

    @property
    def tick_rows(self) -> slice:
        return slice(self.first_tick, self.first_tick + len(self.item.options))

    def encode(self, value: Any, matrix: AnswerMatrix, i: int) -> None:
        matrix.given[self.row, i] = True
        for k, option in enumerate(self.item.options):
            matrix.ticks[self.first_tick + k, i] = option.key in value

    def decode(self, matrix: AnswerMatrix, i: int) -> Any:
        if not matrix.given[self.row, i]:
            return None
        ticked = matrix.ticks[self.tick_rows, i]
        return [o.key for o, t in zip(self.item.options, ticked, strict=True) if t]

    def answered(self, matrix: AnswerMatrix) -> Bools:
        answered: Bools = matrix.given[self.row].copy()
        for k in self.missing:
            answered &= ~matrix.ticks[self.first_tick + k]
        return answered

    def item_scores(self, matrix: AnswerMatrix) -> Floats:
        if self.high == self.low:
            return np.full(matrix.n, np.nan, np.float32)
        raw = np.zeros(matrix.n, np.float32)
        for k, weight in enumerate(self.weights):
            raw += weight * matrix.ticks[self.first_tick + k]
        scores = (raw - np.float32(self.low)) * np.float32(100 / (self.high - self.low))
        return np.where(self.answered(matrix), scores, np.float32(np.nan))

    def phase_points(self, matrix: AnswerMatrix) -> Floats:
        assert self.points is not None
        return self.points @ matrix.ticks[self.tick_rows].astype(np.float32)

    def compile_test(self, instrument: Instrument, test: Compare) -> Holds:
        keys = [o.key for o in self.item.options]
        if test.answered is not None:
            return lambda m: self.answered(m) == test.answered
        if test.includes is not None and test.includes in keys:
            row = self.first_tick + keys.index(test.includes)
            return lambda m: m.ticks[row].copy()
        return lambda m: np.zeros(m.n, np.bool_)


Plan = CodePlan | NumberPlan | MultiPlan


@dataclass(frozen=True, eq=False)
class CompiledTest:
    ref: int  # position of the tested item among the plans
    holds: Holds
    when_hidden: bool  # the test's value when the tested item is hidden


@dataclass(frozen=True, eq=False)
class CompiledCondition:
    tests: tuple[CompiledTest, ...]
    any: bool


@dataclass(frozen=True, eq=False)
class DimensionPlan:
    key: str
    weight: float
    min_answered: float
    own_rows: slice  # rows of its own scored items in the item scores
    own_weights: Floats
    children: tuple[int, ...]
    fixed_shown: int  # scored items in the subtree that are always shown
    conditional: tuple[int, ...]  # plans of scored items in the subtree with a condition
    own_points: tuple[int, ...]  # plans of its own items that give phase points
    has_points: bool  # whether any item in the subtree gives phase points


@dataclass(frozen=True, eq=False)
class Compiled:
    """An instrument turned into tables, ready to encode and score batches."""

    instrument: Instrument
    plans: tuple[Plan, ...]
    conditions: tuple[CompiledCondition | None, ...]
    score_rows: tuple[int, ...]  # per plan: its row in the item scores, or -1
    item_keys: list[str]
    dimensions: tuple[DimensionPlan, ...]
    top: tuple[int, ...]
    level_table: Indices
    level_keys: list[str]
    category_keys: list[str]
    tie_last: bool
    shape: tuple[int, int, int, int]  # rows of codes, numbers, ticks, given


# --- compiling ----------------------------------------------------------------------


def compile_instrument(instrument: Instrument) -> Compiled:
    """Lookup tables for every item, condition, dimension, level and phase."""
    categories = [c.key for c in instrument.phases.categories] if instrument.phases else []
    plans, shape = _compile_items(instrument, categories)
    index = {plan.item.key: i for i, plan in enumerate(plans)}
    items = [item for _, item in instrument.walk_items()]
    score_rows, row = [], 0
    for item in items:
        score_rows.append(row if is_scored(item) else -1)
        row += is_scored(item)
    conditions = tuple(
        None if item.show_if is None else _compile_condition(instrument, item.show_if, plans, index)
        for item in items
    )
    return Compiled(
        instrument=instrument,
        plans=plans,
        conditions=conditions,
        score_rows=tuple(score_rows),
        item_keys=[item.key for item in items if is_scored(item)],
        dimensions=_compile_dimensions(instrument, plans, conditions, score_rows),
        top=_top_positions(instrument),
        level_table=_level_table(instrument),
        level_keys=[level.key for level in instrument.levels],
        category_keys=categories,
        tie_last=instrument.phases is not None and instrument.phases.tie == "last",
        shape=shape,
    )


def _compile_items(
    instrument: Instrument, categories: list[str]
) -> tuple[tuple[Plan, ...], tuple[int, int, int, int]]:
    texts = _compared_texts(instrument)
    plans: list[Plan] = []
    codes = numbers = ticks = multis = 0
    for _, item in instrument.walk_items():
        if isinstance(item, NumberItem):
            plans.append(NumberPlan(item, numbers))
            numbers += 1
        elif isinstance(item, MultiItem):
            plans.append(_multi_plan(item, multis, ticks, categories))
            multis, ticks = multis + 1, ticks + len(item.options)
        else:
            plans.append(_code_plan(instrument, item, codes, categories, texts))
            codes += 1
    return tuple(plans), (codes, numbers, ticks, multis)


def _code_plan(
    instrument: Instrument,
    item: Item,
    row: int,
    categories: list[str],
    texts: Mapping[str, list[str]],
) -> CodePlan:
    values: list[Any]
    scores: list[float] | None = None
    options = []
    if isinstance(item, ScaleItem | PairItem):
        scale = instrument.resolve_scale(item)
        points = list(range(scale.min, scale.max + 1))
        values = [*points, *(m.key for m in scale.missing)]
        scores = [(v - scale.min) / (scale.max - scale.min) * 100 for v in points]
        scores = [100 - s for s in scores] if getattr(item, "reverse", False) else scores
    elif isinstance(item, ChoiceItem):
        options = instrument.resolve_options(item)
        values = [o.key for o in options]
        scores = _choice_scores(instrument, item) if item.scored else None
    else:
        values = [_other_text(texts.get(item.key, [])), *texts.get(item.key, [])]
    table = None
    if scores is not None:
        table = np.full(len(values) + 1, np.nan, np.float32)
        table[: len(scores)] = scores
    return CodePlan(
        item=item,
        row=row,
        values=tuple(values),
        encoding={v: k for k, v in enumerate(values)},
        scores=table,
        points=_points_table(options, categories, extra=1),
    )


def _choice_scores(instrument: Instrument, item: ChoiceItem) -> list[float]:
    options = instrument.resolve_options(item)
    known = [o.score or 0.0 for o in options if not o.missing]
    low, high = min(known), max(known)
    scores = []
    for option in options:
        score = np.nan if option.missing or high == low else _rescale(option.score, low, high)
        scores.append(100 - score if item.reverse else score)
    return scores


def _rescale(value: float | None, low: float, high: float) -> float:
    return ((value or 0.0) - low) / (high - low) * 100


def _other_text(compared: list[str]) -> str:
    """A text that no condition compares with, standing for "some other text"."""
    text = "…"
    while text in compared:
        text += "…"
    return text


def _compared_texts(instrument: Instrument) -> dict[str, list[str]]:
    items = {item.key: item for _, item in instrument.walk_items()}
    texts: dict[str, list[str]] = {}
    for _, item in instrument.walk_items():
        for test in _tests(item.show_if):
            if isinstance(items.get(test.item), TextItem):
                wanted = [test.equals] if test.equals is not None else test.in_ or []
                found = texts.setdefault(test.item, [])
                found += [w for w in wanted if isinstance(w, str) and w not in found]
    return texts


def _tests(condition: Condition | None) -> list[Compare]:
    if condition is None:
        return []
    if isinstance(condition, AllOf):
        return condition.all
    if isinstance(condition, AnyOf):
        return condition.any
    return [condition]


def _multi_plan(item: MultiItem, row: int, first_tick: int, categories: list[str]) -> MultiPlan:
    weights = [1.0 if o.weight is None else o.weight for o in item.options]
    counted = [w for w, o in zip(weights, item.options, strict=True) if not o.missing]
    return MultiPlan(
        item=item,
        row=row,
        first_tick=first_tick,
        weights=np.array(weights, np.float32),
        missing=tuple(k for k, o in enumerate(item.options) if o.missing),
        low=sum(w for w in counted if w < 0),
        high=sum(w for w in counted if w > 0),
        points=_points_table(item.options, categories, extra=0),
    )


def _points_table(options: Sequence[Any], categories: list[str], extra: int) -> Floats | None:
    """Points per (category, option); `extra` zero columns for "unanswered"."""
    if not any(o.points for o in options) or not categories:
        return None
    table = np.zeros((len(categories), len(options) + extra), np.float32)
    for k, option in enumerate(options):
        for c, category in enumerate(categories):
            table[c, k] = option.points.get(category, 0.0)
    return table


def _compile_condition(
    instrument: Instrument, condition: Condition, plans: Sequence[Plan], index: Mapping[str, int]
) -> CompiledCondition:
    tests = []
    for test in _tests(condition):
        ref = index[test.item]
        plan = plans[ref]
        hidden = compare_holds(instrument, plan.item, test, None)
        tests.append(CompiledTest(ref, plan.compile_test(instrument, test), hidden))
    return CompiledCondition(tuple(tests), any=isinstance(condition, AnyOf))


def _compile_dimensions(
    instrument: Instrument,
    plans: Sequence[Plan],
    conditions: Sequence[CompiledCondition | None],
    score_rows: Sequence[int],
) -> tuple[DimensionPlan, ...]:
    dims = list(instrument.walk_dimensions())
    position = {d.key: i for i, d in enumerate(dims)}
    by_key = {plan.item.key: i for i, plan in enumerate(plans)}
    compiled = []
    for dim in dims:
        own = [by_key[item.key] for item in dim.items]
        scored = [p for p in own if score_rows[p] >= 0]
        subtree = [by_key[i.key] for d in _subtree(dim) for i in d.items if is_scored(i)]
        start = score_rows[scored[0]] if scored else 0
        compiled.append(
            DimensionPlan(
                key=dim.key,
                weight=dim.weight,
                min_answered=_share(instrument, dim.min_answered),
                own_rows=slice(start, start + len(scored)),
                own_weights=np.array([plans[p].item.weight for p in scored], np.float32),
                children=tuple(position[c.key] for c in dim.dimensions),
                fixed_shown=sum(1 for p in subtree if conditions[p] is None),
                conditional=tuple(p for p in subtree if conditions[p] is not None),
                own_points=tuple(p for p in own if _gives_points(plans[p])),
                has_points=any(
                    _gives_points(plans[by_key[i.key]]) for d in _subtree(dim) for i in d.items
                ),
            )
        )
    return tuple(compiled)


def _subtree(dim: Any) -> list[Any]:
    return [dim] + [d for child in dim.dimensions for d in _subtree(child)]


def _share(instrument: Instrument, own: float | None) -> float:
    return instrument.scoring.min_answered if own is None else own


def _gives_points(plan: Plan) -> bool:
    return not isinstance(plan, NumberPlan) and plan.points is not None


def _top_positions(instrument: Instrument) -> tuple[int, ...]:
    keys = [d.key for d in instrument.walk_dimensions()]
    return tuple(keys.index(d.key) for d in instrument.dimensions)


def _level_table(instrument: Instrument) -> Indices:
    """Level index for each rounded score 0..100; entry 101 stands for a missing score."""
    table = np.full(102, -1, np.int8)
    for k, level in enumerate(instrument.levels):
        table[level.min : level.max + 1] = k
    return table


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
