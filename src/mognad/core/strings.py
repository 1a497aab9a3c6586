"""The texts of an instrument as a flat list of strings with stable keys, for translators.

A string's key names the element the way a person would: `items.q1.text`,
`items.q1.options.yes.label`, `dimensions.people.title`, `levels.basic.title`,
`scales.agree.labels.3.label`. List entries are named by their `key` (scale
points by their `value`), so keys survive reordering; dimensions and items share
one namespace, so a nested one is named by its own key alone. Only entries
without either fall back to their position (`dimensions.people.reflect.0`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mognad.core.lint_rules import TEXT_FIELDS, Path
from mognad.core.model import Instrument


@dataclass(frozen=True)
class String:
    """One text of the instrument: its stable key, its path in the data, and its languages."""

    key: str
    path: Path
    texts: dict[str, str]

    def get(self, lang: str) -> str:
        return self.texts.get(lang, "")


def instrument_data(instrument: Instrument) -> dict[str, Any]:
    """The instrument as plain data, the way its YAML file holds it."""
    return instrument.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def strings(instrument: Instrument) -> list[String]:
    """Every text of the instrument, in document order."""
    return list(_walk(instrument_data(instrument), (), ()))


def string_paths(instrument: Instrument) -> dict[str, Path]:
    """The data path of every string key."""
    return {s.key: s.path for s in strings(instrument)}


def translation_completeness(instrument: Instrument) -> dict[str, float]:
    """The share (0-1) of the instrument's texts given in each declared language."""
    found = strings(instrument)
    if not found:
        return dict.fromkeys(instrument.languages, 1.0)
    return {
        lang: sum(1 for s in found if s.get(lang).strip()) / len(found)
        for lang in instrument.languages
    }


def missing_strings(instrument: Instrument, lang: str) -> list[String]:
    """The texts that have no version in `lang` yet."""
    return [s for s in strings(instrument) if not s.get(lang).strip()]


def _walk(node: Any, path: Path, name: tuple[str, ...]) -> Iterator[String]:
    if isinstance(node, list):
        for i, entry in enumerate(node):
            yield from _walk(entry, (*path, i), _entry_name(name, entry, i))
    elif isinstance(node, dict):
        for field, value in node.items():
            yield from _field(field, value, (*path, field), name)


def _field(field: str, value: Any, path: Path, name: tuple[str, ...]) -> Iterator[String]:
    if path == ("scales",):
        for key, scale in value.items():
            yield from _walk(scale, (*path, key), ("scales", key))
    elif field in TEXT_FIELDS and isinstance(value, dict):
        yield String(".".join((*name, field)), path, dict(value))
    elif field == "reflect" and isinstance(value, list):
        for i, text in enumerate(value):
            yield String(".".join((*name, field, str(i))), (*path, i), dict(text))
    else:
        yield from _walk(value, path, (*name, field))


def _entry_name(name: tuple[str, ...], entry: Any, index: int) -> tuple[str, ...]:
    label = str(index)
    if isinstance(entry, dict):
        label = str(entry.get("key", entry.get("value", index)))
    if name[-1:] in (("dimensions",), ("items",)):
        return (name[-1], label)
    return (*name, label)
