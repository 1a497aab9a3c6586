"""What changed between two instrument versions, and how big the change is.

Elements are matched by key, not by position, so moving an item or forking an instrument
under a new id shows only what really changed. Dimensions and items share one
namespace (lint), so each is named by its key alone, wherever it sits.

The size of a change follows what it does to results (docs/library.md):

- **major**: scores are no longer comparable — a scored element added or removed, a
  score, weight, scale, band, condition or scoring setting changed, a language dropped;
- **minor**: everything still scores the same, and there is more — a new language, an
  unscored question, a recommendation added or changed, a question made required;
- **patch**: only wording — a text changed in a language both versions have, metadata.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from mognad.core.lint_rules import TEXT_FIELDS
from mognad.core.model import Instrument
from mognad.core.strings import instrument_data
from mognad.core.versions import BUMPS, Bump

# Identity, not content: they differ across every fork and publication.
_IGNORED = frozenset({"format", "id", "version", "parent"})
_PATCH_LEAVES = frozenset({"minutes", "licence", "authors", "default_language"})
_MINOR_LEAVES = frozenset({"required", "max_length", "multiline"})
_KINDS = {
    "dimensions": "dimension",
    "items": "item",
    "options": "option",
    "missing": "missing option",
    "labels": "scale label",
    "levels": "level",
    "categories": "phase",
    "recommendations": "recommendation",
    "scales": "scale",
}


@dataclass(frozen=True)
class Change:
    """One difference: `kind` is added, removed or changed; `what` names the thing or field."""

    kind: str
    what: str
    element: str
    bump: Bump
    lang: str = ""
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class InstrumentDiff:
    changes: list[Change] = field(default_factory=list)

    def structure(self) -> list[Change]:
        """Changes to anything but texts."""
        return [c for c in self.changes if c.what != "text"]

    def texts(self) -> dict[str, list[Change]]:
        """Text changes per language, languages in order of first appearance."""
        found: dict[str, list[Change]] = {}
        for change in self.changes:
            if change.what == "text":
                found.setdefault(change.lang, []).append(change)
        return found


@dataclass
class _Flat:
    elements: dict[str, str] = field(default_factory=dict)  # path → kind
    leaves: dict[str, str] = field(default_factory=dict)  # path → value as JSON
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # path → {lang: text}
    item_types: dict[str, str] = field(default_factory=dict)


def diff_instruments(a: Instrument, b: Instrument) -> InstrumentDiff:
    """Every difference from `a` to `b`, elements first, then fields, then texts."""
    old, new = _flatten(a), _flatten(b)
    changes = list(_language_changes(a, b))
    changes += list(_element_changes(old, new))
    gone = {c.element for c in changes if c.kind in ("added", "removed")}
    changes += [c for c in _leaf_changes(old, new) if not _inside(c.element, gone)]
    texts = _text_changes(old, new, set(a.languages), set(b.languages))
    changes += [c for c in texts if not _inside(c.element, gone)]
    return InstrumentDiff(changes)


def suggest_bump(diff: InstrumentDiff) -> Bump | None:
    """The size of the biggest change; None when nothing changed."""
    if not diff.changes:
        return None
    return max((c.bump for c in diff.changes), key=BUMPS.index)


# --- flattening ----------------------------------------------------------------------


def _flatten(instrument: Instrument) -> _Flat:
    flat = _flatten_data(instrument_data(instrument))
    flat.item_types = {f"items[{i.key}]": i.type for _, i in instrument.walk_items()}
    return flat


def _flatten_data(data: Mapping[str, Any]) -> _Flat:
    flat = _Flat()
    for name, value in data.items():
        if name not in _IGNORED and name != "languages":
            _walk(flat, value, name, name, "")
    return flat


def _walk(flat: _Flat, node: Any, path: str, name: str, owner: str) -> None:
    """Records `node`, found at `path` under the field `name`, in `flat`."""
    if name in TEXT_FIELDS and isinstance(node, dict):
        flat.texts[path] = {str(k): str(v) for k, v in node.items()}
    elif name == "reflect" and isinstance(node, list):
        for i, text in enumerate(node):
            flat.texts[f"{path}[{i}]"] = {str(k): str(v) for k, v in dict(text).items()}
    elif name == "scales" and isinstance(node, dict) and path == "scales":
        for key, scale in node.items():
            _element(flat, f"scales[{key}]", "scale", scale, owner)
    elif isinstance(node, list) and node and all(_entry_id(e) is not None for e in node):
        for entry in node:
            _entry(flat, path, name, entry, owner)
    elif isinstance(node, dict):
        for key, value in node.items():
            _walk(flat, value, f"{path}.{key}", str(key), owner)
    else:
        flat.leaves[path] = json.dumps(node, ensure_ascii=False, sort_keys=True)


def _entry(flat: _Flat, path: str, name: str, entry: dict[str, Any], owner: str) -> None:
    ident = _entry_id(entry)
    if name in ("dimensions", "items"):
        # Named by key alone, wherever they sit; where they sit is one more field.
        element = f"{name}[{ident}]"
        flat.leaves[f"{element}.in"] = json.dumps(owner)
        _element(flat, element, _KINDS[name], entry, element)
    else:
        _element(flat, f"{path}[{ident}]", _KINDS.get(name, name), entry, owner)


def _element(flat: _Flat, path: str, kind: str, node: Any, owner: str) -> None:
    flat.elements[path] = kind
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("key", "value"):
                child_owner = path if kind == "dimension" else owner
                _walk(flat, value, f"{path}.{key}", str(key), child_owner)


def _entry_id(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return None
    ident = entry.get("key", entry.get("value"))
    return None if ident is None else str(ident)


def _inside(element: str, containers: set[str]) -> bool:
    """Whether `element` is one of `containers` or lies inside one."""
    return element in containers or any(p in containers for p in _containers_of(element))


def _containers_of(element: str) -> Iterator[str]:
    """Every path that holds `element`: `items[q].options[a]` is inside `items[q]`."""
    for i, char in enumerate(element):
        if char in ".[" and i:
            yield element[:i]


# --- comparing -------------------------------------------------------------------------


def _language_changes(a: Instrument, b: Instrument) -> Iterator[Change]:
    for lang in b.languages:
        if lang not in a.languages:
            yield Change("added", "language", lang, "minor", lang=lang)
    for lang in a.languages:
        if lang not in b.languages:
            yield Change("removed", "language", lang, "major", lang=lang)


def _element_changes(old: _Flat, new: _Flat) -> Iterator[Change]:
    added = {path for path in new.elements if path not in old.elements}
    removed = {path for path in old.elements if path not in new.elements}
    # An element inside another new (or gone) element is reported with it, once.
    for path in (p for p in new.elements if p in added):
        if not any(p in added for p in _containers_of(path)):
            yield Change(
                "added", new.elements[path], path, _element_bump(new.elements[path], path, new)
            )
    for path in (p for p in old.elements if p in removed):
        if not any(p in removed for p in _containers_of(path)):
            yield Change(
                "removed", old.elements[path], path, _element_bump(old.elements[path], path, old)
            )


def _element_bump(kind: str, path: str, flat: _Flat) -> Bump:
    if kind == "recommendation" or (kind == "item" and flat.item_types.get(path) == "text"):
        return "minor"
    if kind == "scale label":
        return "patch"
    return "major"


def _leaf_changes(old: _Flat, new: _Flat) -> Iterator[Change]:
    for path in list(dict.fromkeys([*old.leaves, *new.leaves])):
        before, after = old.leaves.get(path, ""), new.leaves.get(path, "")
        if before != after:
            element, _, name = path.rpartition(".")
            kind = "changed" if before and after else ("added" if after else "removed")
            yield Change(kind, name or path, element or path, _leaf_bump(path, name or path),
                         before=_shown(before), after=_shown(after))  # fmt: skip


def _leaf_bump(path: str, name: str) -> Bump:
    top = path.split(".")[0].split("[")[0]
    if top in _PATCH_LEAVES:
        return "patch"
    if top == "recommendations" or name in _MINOR_LEAVES:
        return "minor"
    return "major"


def _shown(value: str) -> str:
    if not value:
        return ""
    loaded = json.loads(value)
    return loaded if isinstance(loaded, str) else json.dumps(loaded, ensure_ascii=False)


def _text_changes(old: _Flat, new: _Flat, langs_a: set[str], langs_b: set[str]) -> Iterator[Change]:
    for path in list(dict.fromkeys([*old.texts, *new.texts])):
        before, after = old.texts.get(path, {}), new.texts.get(path, {})
        for lang in list(dict.fromkeys([*before, *after])):
            was, now = before.get(lang, ""), after.get(lang, "")
            if was == now:
                continue
            kind = "changed" if was and now else ("added" if now else "removed")
            bump: Bump = "patch" if lang in langs_a and lang in langs_b else "minor"
            if lang not in langs_b:
                bump = "major"
            yield Change(kind, "text", path, bump, lang=lang, before=was, after=now)
