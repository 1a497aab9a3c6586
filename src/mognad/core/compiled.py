"""An instrument compiled for the scoring engine: lookup tables, built once.

`compile_instrument` turns every item into a plan (where its answer lives in an
`AnswerMatrix`, how to encode it, score it, test it in a condition and read its
phase points), every `show_if` into compiled tests, and every dimension into
the rows and weights it averages. `mognad.core.engine` encodes and scores with it.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mognad.core.answers import compare_holds, condition_value
from mognad.core.model import (
    AnyOf,
    ChoiceItem,
    Compare,
    Condition,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    Option,
    PairItem,
    ScaleItem,
    TextItem,
    condition_tests,
    is_scored,
)

Floats = NDArray[np.float32]
Bools = NDArray[np.bool_]
Indices = NDArray[np.int8]
NO_ANSWER = -1


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
    low, high = instrument.choice_score_range(item)
    scores = []
    for option in instrument.resolve_options(item):
        score = np.nan if option.missing or high == low else _rescale(option, low, high)
        scores.append(100 - score if item.reverse else score)
    return scores


def _rescale(option: Option, low: float, high: float) -> float:
    return (option.choice_score - low) / (high - low) * 100


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
        for test in condition_tests(item.show_if):
            if isinstance(items.get(test.item), TextItem):
                wanted = [test.equals] if test.equals is not None else test.in_ or []
                found = texts.setdefault(test.item, [])
                found += [w for w in wanted if isinstance(w, str) and w not in found]
    return texts


def _multi_plan(item: MultiItem, row: int, first_tick: int, categories: list[str]) -> MultiPlan:
    low, high = item.weight_range()
    return MultiPlan(
        item=item,
        row=row,
        first_tick=first_tick,
        weights=np.array([o.tick_weight for o in item.options], np.float32),
        missing=tuple(k for k, o in enumerate(item.options) if o.missing),
        low=low,
        high=high,
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
    for test in condition_tests(condition):
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
        subtree = [by_key[i.key] for d in dim.subtree() for i in d.items if is_scored(i)]
        start = score_rows[scored[0]] if scored else 0
        compiled.append(
            DimensionPlan(
                key=dim.key,
                weight=dim.weight,
                min_answered=instrument.min_answered_for(dim),
                own_rows=slice(start, start + len(scored)),
                own_weights=np.array([plans[p].item.weight for p in scored], np.float32),
                children=tuple(position[c.key] for c in dim.dimensions),
                fixed_shown=sum(1 for p in subtree if conditions[p] is None),
                conditional=tuple(p for p in subtree if conditions[p] is not None),
                own_points=tuple(p for p in own if _gives_points(plans[p])),
                has_points=any(
                    _gives_points(plans[by_key[i.key]]) for d in dim.subtree() for i in d.items
                ),
            )
        )
    return tuple(compiled)


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
