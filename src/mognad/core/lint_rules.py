"""Lint checks on a schema-valid instrument: keys, scales, levels, texts and scoring.

Each check yields `Finding`s that name the element by its path in the file's
data (the same path pydantic uses in its error `loc`), so `mognad.core.lint`
can turn every finding into a placed, readable problem.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mognad.core.model import (
    ChoiceItem,
    ChoiceScale,
    Dimension,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    Option,
    PairItem,
    Scale,
    ScaleItem,
    is_scored,
)

Path = tuple[Any, ...]
RESERVED_KEYS = ("overall", "level", "phase", "group")
# Fields whose value is a text in every language; `reflect` is a list of them.
TEXT_FIELDS = frozenset(
    {"title", "description", "text", "help", "label", "importance", "performance", "unit"}
)


@dataclass(frozen=True)
class Finding:
    """A problem at `path`; `at` is a more specific path to place it, when there is one."""

    path: Path
    message: str
    at: Path | None = None


# --- walking with paths ---------------------------------------------------------------


def dimensions_with_paths(instrument: Instrument) -> list[tuple[Path, Dimension]]:
    """Every dimension with its path, in `Instrument.walk_dimensions` order."""
    found: list[tuple[Path, Dimension]] = []
    stack: list[tuple[Path, Dimension]] = [
        (("dimensions", i), d) for i, d in reversed(list(enumerate(instrument.dimensions)))
    ]
    while stack:
        path, dim = stack.pop()
        found.append((path, dim))
        children = list(enumerate(dim.dimensions))
        stack.extend(((*path, "dimensions", i), d) for i, d in reversed(children))
    return found


def items_with_paths(instrument: Instrument) -> list[tuple[Path, Item]]:
    """Every item with its path, in questionnaire order."""
    return [
        ((*path, "items", i), item)
        for path, dim in dimensions_with_paths(instrument)
        for i, item in enumerate(dim.items)
    ]


def option_lists(instrument: Instrument) -> list[tuple[Path, list[Option]]]:
    """Every list of options (inline in items, and in choice scales) with its path."""
    lists = [
        ((*path, "options"), item.options)
        for path, item in items_with_paths(instrument)
        if isinstance(item, ChoiceItem | MultiItem) and item.options is not None
    ]
    lists += [
        (("scales", key, "options"), scale.options)
        for key, scale in instrument.scales.items()
        if isinstance(scale, ChoiceScale)
    ]
    return lists


def scales_with_paths(instrument: Instrument) -> list[tuple[Path, Scale]]:
    """Every n-point scale, shared or inline, with its path."""
    scales = [(("scales", k), s) for k, s in instrument.scales.items() if isinstance(s, Scale)]
    scales += [
        ((*path, "scale"), item.scale)
        for path, item in items_with_paths(instrument)
        if isinstance(item, ScaleItem | PairItem) and isinstance(item.scale, Scale)
    ]
    return scales


def one_of(names: Iterable[str]) -> str:
    names = list(names)
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"use one of: {shown}" if names else "none is declared"


# --- keys -----------------------------------------------------------------------------


def check_keys(instrument: Instrument) -> Iterator[Finding]:
    """Dimension and item keys: one namespace, none reserved; other keys unique per list."""
    owners: dict[str, str] = {}
    named = [(p, d.key, "dimension") for p, d in dimensions_with_paths(instrument)]
    named += [(p, i.key, "item") for p, i in items_with_paths(instrument)]
    for path, key, kind in named:
        if key in RESERVED_KEYS:
            yield Finding(path, f"the key '{key}' is reserved; choose another", (*path, "key"))
        elif key in owners:
            message = (
                f"the key '{key}' is already used by a{'n' if owners[key] == 'item' else ''} "
                f"{owners[key]}; dimensions and items share one namespace, so rename one"
            )
            yield Finding(path, message, (*path, "key"))
        owners.setdefault(key, kind)
    yield from _unique_lists(instrument)


def _unique_lists(instrument: Instrument) -> Iterator[Finding]:
    for path, options in option_lists(instrument):
        yield from _duplicates(path, [o.key for o in options], "option")
    for path, scale in scales_with_paths(instrument):
        yield from _duplicates((*path, "missing"), [m.key for m in scale.missing], "missing")
    yield from _duplicates(("levels",), [lv.key for lv in instrument.levels], "level")
    if instrument.phases:
        keys = [c.key for c in instrument.phases.categories]
        yield from _duplicates(("phases", "categories"), keys, "category")
    keys = [r.key for r in instrument.recommendations]
    yield from _duplicates(("recommendations",), keys, "recommendation")


def _duplicates(path: Path, keys: list[str], what: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:
            message = f"duplicate {what} key '{key}'; {what} keys must be unique, so rename one"
            yield Finding((*path, i), message, (*path, i, "key"))
        seen.add(key)


# --- scales and levels ----------------------------------------------------------------


def check_scales(instrument: Instrument) -> Iterator[Finding]:
    """Scale labels: one label per point, and only for points on the scale."""
    for path, scale in scales_with_paths(instrument):
        seen: set[int] = set()
        for i, point in enumerate(scale.labels):
            at = (*path, "labels", i, "value")
            if point.value in seen:
                yield Finding((*path, "labels", i), f"point {point.value} is labelled twice", at)
            elif not scale.min <= point.value <= scale.max:
                message = f"value {point.value} is outside the scale ({scale.min} to {scale.max})"
                yield Finding((*path, "labels", i), message, at)
            seen.add(point.value)


def check_levels(instrument: Instrument) -> Iterator[Finding]:
    """Level bands cover 0..100 once: no gap, no overlap, min <= max."""
    levels = instrument.levels
    for i, level in enumerate(levels):
        if level.min > level.max:
            message = f"min ({level.min}) is above max ({level.max}); swap them"
            yield Finding(("levels", i), message, ("levels", i, "min"))
    if not levels:
        return
    bands = [(lv.min, lv.max) for lv in levels if lv.min <= lv.max]
    for start, end in _uncovered(bands):
        span = f"{start}" if start == end else f"{start}-{end}"
        yield Finding(("levels",), f"levels leave {span} uncovered; every score 0-100 needs a band")
    for j, later in enumerate(levels):
        for earlier in levels[:j]:
            low, high = max(earlier.min, later.min), min(earlier.max, later.max)
            if low <= high:
                span = f"{low}" if low == high else f"{low}-{high}"
                message = f"levels {earlier.key} and {later.key} overlap on {span}; adjust min/max"
                yield Finding(("levels", j), message)


def _uncovered(bands: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    covered = [False] * 101
    for low, high in bands:
        for score in range(low, high + 1):
            covered[score] = True
    start = None
    for score, is_covered in enumerate([*covered, True]):
        if not is_covered and start is None:
            start = score
        elif is_covered and start is not None:
            yield start, score - 1
            start = None


# --- texts and languages --------------------------------------------------------------


def check_languages(instrument: Instrument, data: dict[str, Any]) -> Iterator[Finding]:
    """Declared languages are distinct and include the default; every text has exactly them."""
    langs = instrument.languages
    for i, lang in enumerate(langs):
        if lang in langs[:i]:
            yield Finding(("languages", i), f"the language '{lang}' is listed twice; remove one")
    if instrument.default_language not in langs:
        message = (
            f"'{instrument.default_language}' is not among languages ({', '.join(langs)}); "
            "add it there or pick one of them"
        )
        yield Finding(("default_language",), message)
    for path, text in _texts(data, ()):
        yield from _check_text(path, text, langs)


def _texts(node: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    if isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        inside_scales = path == ("scales",)
        if not inside_scales and key in TEXT_FIELDS and isinstance(value, dict):
            yield (*path, key), value
        elif not inside_scales and key == "reflect" and isinstance(value, list):
            yield from (((*path, key, i), v) for i, v in enumerate(value) if isinstance(v, dict))
        else:
            yield from _texts(value, (*path, key))


def _check_text(path: Path, text: dict[str, Any], langs: list[str]) -> Iterator[Finding]:
    missing = [lang for lang in langs if lang not in text]
    if missing:
        names = ", ".join(missing)
        yield Finding(path, f"missing {names}; give the text in every declared language")
    for lang in text:
        if lang not in langs:
            message = (
                f"'{lang}' is not one of the languages ({', '.join(langs)}); "
                "add it to languages or remove this text"
            )
            yield Finding((*path, lang), message)


# --- scoring sanity -------------------------------------------------------------------


def check_scoring(instrument: Instrument) -> Iterator[Finding]:
    """Every dimension can be scored, and every scored item can tell answers apart."""
    for path, dim in dimensions_with_paths(instrument):
        if not any(is_scored(item) for d in dim.subtree() for item in d.items):
            message = "no scored item in this dimension; add a scored item or remove the dimension"
            yield Finding(path, message, (*path, "key"))
    for path, options in option_lists(instrument):
        if all(o.missing for o in options):
            message = "every option is marked missing, so no answer can count; unmark one"
            yield Finding(path, message)
    for path, item in items_with_paths(instrument):
        yield from _check_item_scoring(instrument, path, item)


def _check_item_scoring(instrument: Instrument, path: Path, item: Item) -> Iterator[Finding]:
    if isinstance(item, ChoiceItem) and item.scored:
        yield from _check_choice_scores(instrument, path, item)
    if isinstance(item, MultiItem) and item.scored:
        counted = [o for o in item.options if not o.missing]
        if counted and not any(o.tick_weight > 0 for o in counted):
            message = "no option has a positive weight; give at least one a positive weight"
            yield Finding((*path, "options"), message)
    if isinstance(item, NumberItem) and not (math.isfinite(item.min) and math.isfinite(item.max)):
        yield Finding(path, "min and max must be finite numbers", (*path, "min"))


def _check_choice_scores(instrument: Instrument, path: Path, item: ChoiceItem) -> Iterator[Finding]:
    try:
        options = instrument.resolve_options(item)
    except KeyError:
        return  # an unknown scale is reported by the reference checks
    counted = [(i, o) for i, o in enumerate(options) if not o.missing]
    unscored = [o.key for _, o in counted if o.score is None]
    if item.options is not None:
        for i, option in counted:
            if option.score is None:
                message = "this option needs a score (its item is scored); add score"
                yield Finding((*path, "options", i), message, (*path, "options", i, "key"))
    elif unscored:
        message = (
            f"scale '{item.scale}' has options without a score ({', '.join(unscored)}); "
            "add scores to the scale or set scored: false"
        )
        yield Finding((*path, "scale"), message)
    scores = {o.score for _, o in counted if o.score is not None}
    if counted and not unscored and len(scores) < 2:
        where = (*path, "options" if item.options is not None else "scale")
        message = (
            "every option has the same score, so the item cannot tell answers apart; "
            "give different scores or set scored: false"
        )
        yield Finding(where, message)
