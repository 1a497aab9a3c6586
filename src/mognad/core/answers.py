"""One respondent's answers: checking them, and deciding which items they were shown.

An answers document maps item keys to values (see docs/scoring.md for the shape
of each type). `validate_answers` reports every problem at once, in plain words,
so that a form or an import can show them all. `shown_items` evaluates the
`show_if` conditions; the reference scorer and validation share it, so a
required item that is hidden is never demanded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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
    Option,
    PairItem,
    Scale,
    ScaleItem,
    TextItem,
)

PAIR_PARTS = ("importance", "performance")


@dataclass(frozen=True)
class AnswerProblem:
    """What is wrong with the answer to one item (or one part of a pair)."""

    item: str
    part: str | None
    message: str

    @property
    def field(self) -> str:
        """The answer field's name: the item key, or `KEY:part` for a pair."""
        return f"{self.item}:{self.part}" if self.part else self.item


def item_fields(instrument: Instrument) -> list[tuple[str, Item, str | None]]:
    """Every answer field in questionnaire order: (field name, item, part).

    A pair gives two fields, `KEY:importance` and `KEY:performance`.
    """
    fields: list[tuple[str, Item, str | None]] = []
    for _, item in instrument.walk_items():
        if isinstance(item, PairItem):
            fields += [(f"{item.key}:{part}", item, part) for part in PAIR_PARTS]
        else:
            fields.append((item.key, item, None))
    return fields


# --- validation ---------------------------------------------------------------------


def validate_answers(instrument: Instrument, answers: Mapping[str, Any]) -> list[AnswerProblem]:
    """Every problem with one respondent's answers; an empty list means they are valid."""
    items = {item.key: item for _, item in instrument.walk_items()}
    problems = [
        AnswerProblem(key, None, f"there is no question '{key}' in this instrument")
        for key in answers
        if key not in items
    ]
    clean: dict[str, Any] = {}
    for key, item in items.items():
        value = answers.get(key)
        found = [] if value is None else _value_problems(instrument, item, value)
        problems += found
        if value is not None and not found:
            clean[key] = value
    problems += _unanswered_required(instrument, answers, shown_items(instrument, clean))
    return problems


def _value_problems(instrument: Instrument, item: Item, value: Any) -> list[AnswerProblem]:
    if isinstance(item, PairItem):
        return _pair_problems(instrument.resolve_scale(item), item.key, value)
    message: str | None
    if isinstance(item, ScaleItem):
        message = _scale_problem(instrument.resolve_scale(item), value)
    elif isinstance(item, ChoiceItem):
        message = _choice_problem(instrument.resolve_options(item), value)
    elif isinstance(item, MultiItem):
        message = _multi_problem(item.options, value)
    elif isinstance(item, NumberItem):
        message = _number_problem(item, value)
    else:
        message = _text_problem(item, value)
    return [] if message is None else [AnswerProblem(item.key, None, message)]


def _pair_problems(scale: Scale, key: str, value: Any) -> list[AnswerProblem]:
    if not isinstance(value, Mapping):
        return [AnswerProblem(key, None, "expected both parts: importance and performance")]
    problems = [
        AnswerProblem(
            key,
            None,
            f"'{name}' is not a part of this question; the parts are importance and performance",
        )
        for name in value
        if name not in PAIR_PARTS
    ]
    for part in PAIR_PARTS:
        message = None if value.get(part) is None else _scale_problem(scale, value[part])
        if message is not None:
            problems.append(AnswerProblem(key, part, message))
    return problems


def _scale_problem(scale: Scale, value: Any) -> str | None:
    if type(value) is int and scale.min <= value <= scale.max:
        return None  # the usual answer, settled before any message is put together
    missing = [m.key for m in scale.missing]
    allowed = f"give a whole number from {scale.min} to {scale.max}"
    if missing:
        allowed += " or one of: " + ", ".join(missing)
    if isinstance(value, str):
        return None if value in missing else f"'{value}' is not an answer here; {allowed}"
    if isinstance(value, bool):
        return _bool_problem(value, allowed)
    if not is_number(value) or not _is_whole(value):
        return f"{_show(value)} is not a whole number; {allowed}"
    if not scale.min <= value <= scale.max:
        return f"{_show(value)} is not on the scale {scale.min}-{scale.max}; {allowed}"
    return None


def _choice_problem(options: list[Option], value: Any) -> str | None:
    keys = [o.key for o in options]
    if isinstance(value, str) and value in keys:
        return None
    return f"{_show(value)} is not one of the options; choose one of: {', '.join(keys)}"


def _multi_problem(options: list[Option], value: Any) -> str | None:
    keys = [o.key for o in options]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        return f"expected a list of options from: {', '.join(keys)}"
    unknown = [v for v in value if v not in keys]
    if unknown:
        return f"'{unknown[0]}' is not one of the options; choose from: {', '.join(keys)}"
    twice = [v for v in keys if value.count(v) > 1]
    if twice:
        return f"'{twice[0]}' is ticked more than once"
    exclusive = [o.key for o in options if o.exclusive and o.key in value]
    if exclusive and len(value) > 1:
        return f"'{exclusive[0]}' cannot be ticked together with other options"
    return None


def _number_problem(item: NumberItem, value: Any) -> str | None:
    kind = "a whole number" if item.integer else "a number"
    allowed = f"give {kind} from {_show(item.min)} to {_show(item.max)}"
    if isinstance(value, bool):
        return _bool_problem(value, allowed)
    if not is_number(value):
        return f"{_show(value)} is not a number; {allowed}"
    if item.integer and not _is_whole(value):
        return f"{_show(value)} is not a whole number; {allowed}"
    if not item.min <= value <= item.max:
        return f"{_show(value)} is outside the allowed range; {allowed}"
    return None


def _text_problem(item: TextItem, value: Any) -> str | None:
    if not isinstance(value, str):
        return "expected a text"
    if len(value) > item.max_length:
        return f"the text has {len(value):,} characters; at most {item.max_length:,} are allowed"
    return None


def _unanswered_required(
    instrument: Instrument, answers: Mapping[str, Any], shown: Mapping[str, bool]
) -> list[AnswerProblem]:
    # Conditions read only the valid answers; an invalid answer is reported once, as invalid.
    problems = []
    for _, item in instrument.walk_items():
        if not (item.required and shown[item.key]):
            continue
        value = answers.get(item.key)
        if isinstance(item, PairItem):
            parts = value if isinstance(value, Mapping) else {}
            problems += [
                AnswerProblem(item.key, part, "this question needs an answer")
                for part in PAIR_PARTS
                if parts.get(part) is None
            ]
        elif value is None:
            problems.append(AnswerProblem(item.key, None, "this question needs an answer"))
    return problems


def is_number(value: Any) -> bool:
    """True for a finite int or float; a bool is not a number here."""
    if isinstance(value, bool):
        return False
    # Any int is finite; math.isfinite would overflow on one too big for a float.
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _is_whole(value: int | float) -> bool:
    return isinstance(value, int) or value.is_integer()


def _bool_problem(value: bool, allowed: str) -> str:
    # YAML and JSON true/false arrive as bools, which Python would take for 1 and 0.
    return f"{str(value).lower()} is a yes/no value, not a number; {allowed}"


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


# --- what an answer means -----------------------------------------------------------


def is_missing(instrument: Instrument, item: Item, value: Any) -> bool:
    """True when a given answer counts as missing ("don't know", "not applicable")."""
    if isinstance(item, ScaleItem | PairItem):
        return isinstance(value, str)
    if isinstance(item, ChoiceItem):
        return any(o.missing for o in instrument.resolve_options(item) if o.key == value)
    if isinstance(item, MultiItem):
        return any(o.missing for o in item.options if o.key in value)
    return False


def condition_value(item: Item, value: Any) -> Any:
    """The answer that conditions look at: a pair's performance part, else the answer."""
    if isinstance(item, PairItem):
        return value.get("performance") if isinstance(value, Mapping) else None
    return value


def shown_items(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, bool]:
    """For every item key, whether the respondent is shown the item."""
    items = {item.key: item for _, item in instrument.walk_items()}
    shown: dict[str, bool] = {}
    for key, item in items.items():
        condition = item.show_if
        shown[key] = condition is None or _holds(instrument, items, condition, answers, shown)
    return shown


def _holds(
    instrument: Instrument,
    items: Mapping[str, Item],
    condition: Condition,
    answers: Mapping[str, Any],
    shown: Mapping[str, bool],
) -> bool:
    def test(compare: Compare) -> bool:
        return _test_holds(instrument, items[compare.item], compare, answers, shown)

    if isinstance(condition, AllOf):
        return all(test(c) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(test(c) for c in condition.any)
    return test(condition)


def _test_holds(
    instrument: Instrument,
    ref: Item,
    test: Compare,
    answers: Mapping[str, Any],
    shown: Mapping[str, bool],
) -> bool:
    # An item that was not shown counts as unanswered: its stale answer is ignored.
    value = condition_value(ref, answers.get(ref.key)) if shown.get(ref.key, False) else None
    return compare_holds(instrument, ref, test, value)


def compare_holds(instrument: Instrument, ref: Item, test: Compare, value: Any) -> bool:
    """Whether one test holds on `value`, the condition value of a shown item.

    `value` is None when the item is unanswered (or hidden). The engine builds its
    lookup tables with this function, so both scorers read conditions alike.
    """
    if test.answered is not None:
        answered = value is not None and not is_missing(instrument, ref, value)
        return answered == test.answered
    if value is None:
        return False
    if test.equals is not None:
        return _same(value, test.equals)
    if test.in_ is not None:
        return any(_same(value, v) for v in test.in_)
    if test.includes is not None:
        return isinstance(value, list | tuple) and test.includes in value
    return _compares(ref, value, test)


def _compares(ref: Item, value: Any, test: Compare) -> bool:
    if not isinstance(ref, ScaleItem | PairItem | NumberItem) or not is_number(value):
        return False
    if test.at_least is not None:
        return bool(value >= test.at_least)
    return test.at_most is not None and bool(value <= test.at_most)


def _same(answer: Any, wanted: Any) -> bool:
    """Equality of a raw answer and a condition's value: a key never equals a number."""
    if isinstance(answer, Sequence) and not isinstance(answer, str):
        return False
    if isinstance(answer, str) or isinstance(wanted, str):
        return isinstance(answer, str) and isinstance(wanted, str) and answer == wanted
    return bool(answer == wanted)
