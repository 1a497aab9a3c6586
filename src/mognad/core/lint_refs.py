"""Lint checks on references: scales, conditions, recommendations and phase points."""

from __future__ import annotations

from collections.abc import Iterator

from mognad.core.lint_rules import (
    Finding,
    Path,
    dimensions_with_paths,
    items_with_paths,
    one_of,
    option_lists,
)
from mognad.core.model import (
    AnswerValue,
    ChoiceItem,
    ChoiceScale,
    Compare,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    Option,
    PairItem,
    Scale,
    ScaleItem,
    condition_parts,
)


def check_references(instrument: Instrument) -> Iterator[Finding]:
    yield from check_scale_refs(instrument)
    yield from check_conditions(instrument)
    yield from check_recommendations(instrument)
    yield from check_points(instrument)
    yield from check_option_fields(instrument)


# --- scales ---------------------------------------------------------------------------


def check_scale_refs(instrument: Instrument) -> Iterator[Finding]:
    """A named scale exists and is of the kind its item needs."""
    for path, item in items_with_paths(instrument):
        named = getattr(item, "scale", None)
        if not isinstance(named, str):
            continue
        scale = instrument.scales.get(named)
        at = (*path, "scale")
        if scale is None:
            yield Finding(at, f"unknown scale '{named}'; {one_of(instrument.scales)}")
        elif isinstance(item, ChoiceItem) and not isinstance(scale, ChoiceScale):
            message = f"'{named}' is an n-point scale; a choice item needs a choice scale (options)"
            yield Finding(at, message)
        elif isinstance(item, ScaleItem | PairItem) and not isinstance(scale, Scale):
            message = (
                f"'{named}' is a choice scale; a {item.type} item needs an n-point scale (min, max)"
            )
            yield Finding(at, message)


# --- conditions -----------------------------------------------------------------------


def check_conditions(instrument: Instrument) -> Iterator[Finding]:
    """`show_if` tests name an earlier item and fit that item's type and options."""
    entries = items_with_paths(instrument)
    order = {item.key: n for n, (_, item) in enumerate(entries)}
    items = {item.key: item for _, item in entries}
    dimensions = {d.key for _, d in dimensions_with_paths(instrument)}
    for path, item in entries:
        for test_path, test in _tests(item, path):
            target = items.get(test.item)
            at = (*test_path, "item")
            if target is None:
                yield Finding(at, _unknown_item(test.item, dimensions))
            elif test.item == item.key:
                yield Finding(at, "the condition refers to its own item; use an earlier item")
            elif order[test.item] > order[item.key]:
                message = (
                    f"item '{test.item}' comes later in the questionnaire; a condition may "
                    f"only use earlier items, so move '{test.item}' before '{item.key}'"
                )
                yield Finding(at, message)
            else:
                yield from _check_test(instrument, test_path, test, target)


def _tests(item: Item, path: Path) -> list[tuple[Path, Compare]]:
    return [((*path, "show_if", *at), test) for at, test in condition_parts(item.show_if)]


def _unknown_item(key: str, dimensions: set[str]) -> str:
    if key in dimensions:
        return f"'{key}' is a dimension; a condition needs an earlier item"
    return f"unknown item '{key}'; a condition needs the key of an earlier item"


def _check_test(
    instrument: Instrument, path: Path, test: Compare, target: Item
) -> Iterator[Finding]:
    kind = f"'{target.key}' is a {target.type} item"
    if test.includes is not None:
        yield from _check_includes(path, test.includes, target)
    for name, value in (("at_least", test.at_least), ("at_most", test.at_most)):
        if value is not None and not isinstance(target, ScaleItem | NumberItem | PairItem):
            yield Finding((*path, name), f"{name} needs a scale, number or pair item; {kind}")
    values = [((*path, "equals"), test.equals)] if test.equals is not None else []
    values += [((*path, "in", i), v) for i, v in enumerate(test.in_ or [])]
    if values and isinstance(target, MultiItem):
        name = "equals" if test.equals is not None else "in"
        yield Finding((*path, name), f"{name} does not work on {kind}; use includes")
    elif isinstance(target, ChoiceItem):
        yield from _check_choice_values(instrument, values, target)
    elif isinstance(target, ScaleItem | PairItem):
        yield from _check_scale_values(instrument, values, target)
    elif isinstance(target, NumberItem):
        yield from _check_number_values(values, target)


def _check_includes(path: Path, option: str, target: Item) -> Iterator[Finding]:
    at = (*path, "includes")
    if not isinstance(target, MultiItem):
        message = f"includes works only on multiple-choice items; '{target.key}' is a "
        yield Finding(at, message + f"{target.type} item")
    elif option not in {o.key for o in target.options}:
        keys = [o.key for o in target.options]
        yield Finding(at, f"item '{target.key}' has no option '{option}'; {one_of(keys)}")


def _check_choice_values(
    instrument: Instrument, values: list[tuple[Path, AnswerValue]], target: ChoiceItem
) -> Iterator[Finding]:
    try:
        keys = [o.key for o in instrument.resolve_options(target)]
    except KeyError:
        return  # an unknown scale is reported on its own
    for at, value in values:
        if value not in keys:
            yield Finding(at, f"item '{target.key}' has no option '{value}'; {one_of(keys)}")


def _check_scale_values(
    instrument: Instrument, values: list[tuple[Path, AnswerValue]], target: ScaleItem | PairItem
) -> Iterator[Finding]:
    try:
        scale = instrument.resolve_scale(target)
    except KeyError:
        return  # an unknown scale is reported on its own
    missing = [m.key for m in scale.missing]
    allowed = f"use a whole number from {scale.min} to {scale.max}"
    allowed += f" or one of: {', '.join(missing)}" if missing else ""
    for at, value in values:
        if isinstance(value, str) and value not in missing:
            yield Finding(at, f"item '{target.key}' has no answer '{value}'; {allowed}")
        elif not isinstance(value, str) and value not in range(scale.min, scale.max + 1):
            message = f"{value} is not on the scale of item '{target.key}', so it never holds"
            yield Finding(at, f"{message}; {allowed}")


def _check_number_values(
    values: list[tuple[Path, AnswerValue]], target: NumberItem
) -> Iterator[Finding]:
    allowed = f"use a number from {target.min:g} to {target.max:g}"
    for at, value in values:
        if isinstance(value, str):
            yield Finding(at, f"item '{target.key}' takes a number, never '{value}'; {allowed}")
        elif not target.min <= value <= target.max:
            message = f"{value} is outside the range of item '{target.key}', so it never holds"
            yield Finding(at, f"{message}; {allowed}")


# --- options --------------------------------------------------------------------------


def check_option_fields(instrument: Instrument) -> Iterator[Finding]:
    """Option fields that the option's item type ignores are reported, not dropped silently."""
    for path, options, misplaced in _typed_option_lists(instrument):
        for i, option in enumerate(options):
            for name, advice in misplaced.items():
                if name in option.model_fields_set:
                    yield Finding((*path, i, name), f"'{name}' has no effect {advice}")


_ON_CHOICE = {
    "weight": "on a single-choice option; use score",
    "exclusive": "on a single-choice option; only one option can be chosen anyway",
}
_ON_MULTI = {"score": "on a multiple-choice option; use weight"}


def _typed_option_lists(
    instrument: Instrument,
) -> list[tuple[Path, list[Option], dict[str, str]]]:
    lists = [
        (("scales", key, "options"), scale.options, _ON_CHOICE)
        for key, scale in instrument.scales.items()
        if isinstance(scale, ChoiceScale)
    ]
    for path, item in items_with_paths(instrument):
        if isinstance(item, MultiItem):
            lists.append(((*path, "options"), item.options, _ON_MULTI))
        elif isinstance(item, ChoiceItem) and item.options is not None:
            lists.append(((*path, "options"), item.options, _ON_CHOICE))
    return lists


# --- recommendations and phases -------------------------------------------------------


def check_recommendations(instrument: Instrument) -> Iterator[Finding]:
    """`when` names a known dimension, known levels and known phase categories."""
    dimensions = [d.key for _, d in dimensions_with_paths(instrument)]
    levels = [lv.key for lv in instrument.levels]
    categories = [c.key for c in instrument.phases.categories] if instrument.phases else []
    for i, rec in enumerate(instrument.recommendations):
        path = ("recommendations", i, "when")
        when = rec.when
        if when.dimension is not None and when.dimension not in dimensions:
            message = f"unknown dimension '{when.dimension}'; {one_of(dimensions)}"
            yield Finding((*path, "dimension"), message)
        if when.level is not None:
            yield from _check_names((*path, "level"), when.level, levels, "level", "levels")
        if when.phase is not None:
            yield from _check_names((*path, "phase"), when.phase, categories, "phase", "phases")


def _check_names(
    path: Path, names: list[str], known: list[str], what: str, section: str
) -> Iterator[Finding]:
    if not known:
        yield Finding(path, f"the instrument has no {section}; add {section} or remove this test")
        return
    for i, name in enumerate(names):
        if name not in known:
            yield Finding((*path, i), f"unknown {what} '{name}'; {one_of(known)}")


def check_points(instrument: Instrument) -> Iterator[Finding]:
    """Option points go to declared phase categories."""
    categories = [c.key for c in instrument.phases.categories] if instrument.phases else []
    for path, options in option_lists(instrument):
        for i, option in enumerate(options):
            at = (*path, i, "points")
            if option.points and not categories:
                message = "points need phases; declare phases at the top level or remove points"
                yield Finding(at, message)
                continue
            for name in option.points:
                if name not in categories:
                    yield Finding((*at, name), f"unknown category '{name}'; {one_of(categories)}")
