"""Small, pure editing operations on an instrument: each returns a new instrument.

An element is named by its path in the instrument's data, the path lint uses
(`("dimensions", 0, "items", 2, "text")`). Each operation edits a copy of the
data and validates it again, so the result always has the right shape; an edit
that would break the shape raises `EditError` naming the element, and the
instrument it was given stays as it was. Checks of the whole instrument (a
condition on a removed item, levels with a gap) are lint's: an edited draft may
have lint problems, and `problems` lists them with the element each concerns.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from mognad.core import yamlsafe
from mognad.core.io import dump_instrument
from mognad.core.lint import Problem, element_name, lint_text
from mognad.core.lint_rules import Path
from mognad.core.lint_schema import schema_findings
from mognad.core.model import Instrument
from mognad.core.strings import instrument_data, string_paths

Data = dict[str, Any]


@dataclass(frozen=True)
class Complaint:
    """Why an edit was refused: the element (as lint names it) and what to do."""

    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.element}: {self.message}" if self.element else self.message


class EditError(ValueError):
    """An edit that would give the instrument a wrong shape; nothing was changed."""

    def __init__(self, complaints: list[Complaint]) -> None:
        self.complaints = complaints
        super().__init__("; ".join(str(c) for c in complaints))


def problems(instrument: Instrument, source: str = "draft") -> list[Problem]:
    """Every lint problem of the instrument, the same as `mognad lint` reports."""
    return list(_linted(dump_instrument(instrument), source))


def text_problems(text: str, source: str = "draft") -> list[Problem]:
    """Every lint problem of an instrument's YAML text (remembered for the same text)."""
    return list(_linted(text, source))


@lru_cache(maxsize=64)
def _linted(text: str, source: str) -> tuple[Problem, ...]:
    # An editor page lints the same draft on every view; linting takes a while.
    return tuple(lint_text(text, source))


# --- generic operations ---------------------------------------------------------------


def get(instrument: Instrument, path: Path) -> Any:
    """The plain data at `path`; KeyError or IndexError if there is nothing."""
    node: Any = instrument_data(instrument)
    for part in path:
        node = node[part]
    return node


def set_value(instrument: Instrument, path: Path, value: Any) -> Instrument:
    """The field at `path` set to `value`; `None` removes it, back to its default."""

    def change(data: Data) -> None:
        parent = _node(data, path[:-1])
        if value is None:
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = value

    return _edited(instrument, change)


def update(instrument: Instrument, values: Iterable[tuple[Path, Any]]) -> Instrument:
    """Several fields set at once and validated together (a scale's min and max).

    A value of `None` removes the field, back to its default.
    """

    def change(data: Data) -> None:
        for path, value in values:
            parent = _node(data, path[:-1])
            if value is None:
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = value

    return _edited(instrument, change)


def loads(text: str) -> Instrument:
    """The instrument of a draft's YAML text, checked for shape only (lint may still object)."""
    loaded = yamlsafe.load(text)
    if not loaded.ok or not isinstance(loaded.data, dict):
        raise EditError([Complaint("", p.message) for p in loaded.problems] or [_NOT_A_MAPPING])
    return validated(loaded.data)


_NOT_A_MAPPING = Complaint("", "the text is not an instrument (a mapping of fields)")


def set_text(instrument: Instrument, path: Path, lang: str, text: str) -> Instrument:
    """The text at `path` in `lang` set to `text`; an empty text removes that language.

    An optional text left with no language at all is removed.
    """

    def change(data: Data) -> None:
        parent = _node(data, path[:-1])
        texts = dict(parent.get(path[-1]) or {})
        if text.strip():
            texts[lang] = text.strip()
        else:
            texts.pop(lang, None)
        if texts or path[-1] not in _OPTIONAL_TEXTS:
            parent[path[-1]] = texts
        else:
            parent.pop(path[-1], None)

    return _edited(instrument, change)


_OPTIONAL_TEXTS = frozenset({"description", "help", "unit"})


def insert(instrument: Instrument, path: Path, entry: Any, index: int | None = None) -> Instrument:
    """`entry` added to the list at `path`, at `index` (at the end when none is given)."""

    def change(data: Data) -> None:
        parent = _node(data, path[:-1])
        entries = parent.setdefault(path[-1], [])
        entries.insert(len(entries) if index is None else index, entry)

    return _edited(instrument, change)


def remove(instrument: Instrument, path: Path) -> Instrument:
    """The list entry or field at `path` removed."""
    return _edited(instrument, lambda data: _node(data, path[:-1]).pop(path[-1]))


def move(instrument: Instrument, path: Path, offset: int) -> Instrument:
    """The list entry at `path` moved `offset` places (negative: up), within its list."""

    def change(data: Data) -> None:
        entries = _node(data, path[:-1])
        index = path[-1]
        target = min(max(index + offset, 0), len(entries) - 1)
        entries.insert(target, entries.pop(index))

    return _edited(instrument, change)


def _node(data: Data, path: Path) -> Any:
    node: Any = data
    for part in path:
        node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
    return node


def _edited(instrument: Instrument, change: Callable[[Data], object]) -> Instrument:
    data = copy.deepcopy(instrument_data(instrument))
    change(data)
    return validated(data)


def validated(data: Data) -> Instrument:
    """The instrument the data describes; EditError naming each misshapen element."""
    try:
        return Instrument.model_validate(data)
    except ValidationError as error:
        complaints = [
            Complaint(element_name(f.path, data), f.message) for f in schema_findings(error, data)
        ]
        raise EditError(complaints) from None


# --- keys: renaming carries every reference along --------------------------------------


def rename(instrument: Instrument, path: Path, new_key: str) -> Instrument:
    """The keyed element at `path` renamed, with every reference to it renamed too.

    Dimensions, items, levels, phase categories, options and shared scales
    (`("scales", "agree5")`) can be renamed; conditions, recommendations, items
    using a scale and points given to a category follow.
    """
    old = path[-1] if path[:1] == ("scales",) else get(instrument, path)["key"]

    def change(data: Data) -> None:
        if path[:1] == ("scales",):
            data["scales"] = {(new_key if k == old else k): v for k, v in data["scales"].items()}
            _rename_refs(data, old, new_key, _scale_refs(data))
            return
        _node(data, path)["key"] = new_key
        _rename_refs(data, old, new_key, _references(data, path))

    return _edited(instrument, change)


Ref = tuple[dict[str, Any], str]  # a mapping and the field in it that holds a key


def _rename_refs(data: Data, old: str, new: str, refs: Iterable[Ref]) -> None:
    for holder, field in refs:
        value = holder.get(field)
        if value == old:
            holder[field] = new
        elif isinstance(value, list):
            holder[field] = [new if v == old else v for v in value]
        elif isinstance(value, dict) and old in value:
            holder[field] = {(new if k == old else k): v for k, v in value.items()}


def _references(data: Data, path: Path) -> Iterator[Ref]:
    kind = path[-2]
    if kind in ("dimensions", "items"):
        yield from ((test, "item") for _, test in _tests(data))
        yield from ((when, "dimension") for when in _whens(data))
    elif kind == "levels":
        yield from ((when, "level") for when in _whens(data))
    elif kind == "categories":
        yield from ((when, "phase") for when in _whens(data))
        yield from ((option, "points") for option in _all_options(data))
    elif kind == "options" and "items" in path:
        owner = _node(data, path[:-2])["key"]
        for _, test in _tests(data):
            if test.get("item") == owner:
                yield from ((test, field) for field in ("equals", "in", "includes"))


def _scale_refs(data: Data) -> Iterator[Ref]:
    yield from ((item, "scale") for item in _items(data))


def _dimensions(data: Data) -> Iterator[dict[str, Any]]:
    stack = list(data.get("dimensions", []))
    while stack:
        dim = stack.pop()
        yield dim
        stack.extend(dim.get("dimensions", []))


def _items(data: Data) -> Iterator[dict[str, Any]]:
    for dim in _dimensions(data):
        yield from dim.get("items", [])


def _tests(data: Data) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for item in _items(data):
        condition = item.get("show_if") or {}
        for test in condition.get("all", condition.get("any", [condition])):
            if test:
                yield item, test


def _whens(data: Data) -> Iterator[dict[str, Any]]:
    yield from (r["when"] for r in data.get("recommendations", []))


def _all_options(data: Data) -> Iterator[dict[str, Any]]:
    for item in _items(data):
        yield from item.get("options") or []
    for scale in data.get("scales", {}).values():
        yield from scale.get("options", [])


# --- languages and translations --------------------------------------------------------


def add_language(instrument: Instrument, lang: str) -> Instrument:
    """`lang` declared; its texts are still to be written (lint lists them as missing)."""
    if lang in instrument.languages:
        return instrument
    return set_value(instrument, ("languages",), [*instrument.languages, lang])


def remove_language(instrument: Instrument, lang: str) -> Instrument:
    """`lang` no longer declared, and every text in it removed; not the default language."""
    if lang == instrument.default_language:
        message = "the default language cannot be removed; choose another default first"
        raise EditError([Complaint("languages", message)])

    def change(data: Data) -> None:
        data["languages"] = [code for code in data["languages"] if code != lang]
        for path in string_paths(instrument).values():
            _node(data, path).pop(lang, None)

    return _edited(instrument, change)


def translate(instrument: Instrument, lang: str, texts: dict[str, str]) -> Instrument:
    """The texts named by their string keys (`items.q1.text`) set in `lang`.

    An unknown key raises EditError: a translation meant for another version of
    the instrument must not be dropped silently.
    """
    paths = string_paths(instrument)
    unknown = [key for key in texts if key not in paths]
    if unknown:
        shown = ", ".join(unknown[:10])
        raise EditError([Complaint("", f"no text has the key {shown}")])

    def change(data: Data) -> None:
        for key, text in texts.items():
            holder = _node(data, paths[key])
            if text.strip():
                holder[lang] = text.strip()
            else:
                holder.pop(lang, None)

    return _edited(instrument, change)


# --- lint messages next to their field -------------------------------------------------


def messages_by_field(found: Iterable[Problem], fields: Iterable[str]) -> dict[str, list[str]]:
    """Each problem's message under the most specific field it concerns.

    `fields` are element names as lint gives them (`items[q1].options[yes].score`,
    `dimensions[people].title`); a problem goes to the longest field that is its
    element or contains it, and to "" when none does.
    """
    names = sorted(set(fields), key=len, reverse=True)
    placed: dict[str, list[str]] = {}
    for problem in found:
        field = next((n for n in names if _within(problem.element, n)), "")
        placed.setdefault(field, []).append(problem.message)
    return placed


def _within(element: str, field: str) -> bool:
    if not field or not element.startswith(field):
        return False
    return len(element) == len(field) or element[len(field)] in ".["


def field_name(instrument: Instrument, path: Path) -> str:
    """The element name lint uses for the element at `path`."""
    return element_name(path, instrument_data(instrument))
