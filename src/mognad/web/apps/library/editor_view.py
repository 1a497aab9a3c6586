"""What the editor page shows for one element: fields with their values and messages, lists.

Plain data for the template. Messages come from the same lint as `mognad lint`, put
next to the field they concern (`mognad.core.edit.messages_by_field`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from mognad.core import edit
from mognad.core.lint import Problem
from mognad.core.lint_rules import Path
from mognad.core.model import Instrument
from mognad.web.apps.library.editing import condition_values
from mognad.web.apps.library.editor_fields import Child, Spec, children, kind_of, specs


@dataclass(frozen=True)
class FieldView:
    spec: Spec
    id: str
    value: str
    values: list[str]
    source: str  # the text in the default language, when editing another one
    choices: list[tuple[str, str]]
    messages: list[str]

    @property
    def input_name(self) -> str:
        return f"f-{self.spec.name}"


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    action_url: str
    messages: int
    first: bool
    last: bool


@dataclass
class ListView:
    child: Child
    entries: list[Entry] = field(default_factory=list)


def at_text(path: Path) -> str:
    return "/".join(str(part) for part in path)


def parse_at(at: str) -> Path | None:
    """The path named in an editor address (`dimensions/0/items/2`), None if malformed."""
    parts = [p for p in at.strip("/").split("/") if p] if at else []
    if len(parts) > 20:
        return None
    return tuple(int(p) if p.isdigit() else p for p in parts)


def element_url(slug: str, draft_pk: int, path: Path, lang: str = "") -> str:
    if path:
        url = reverse("library:edit_at", args=[slug, draft_pk, at_text(path)])
    else:
        url = reverse("library:edit", args=[slug, draft_pk])
    return f"{url}?lang={lang}" if lang else url


def field_views(
    instrument: Instrument,
    path: Path,
    lang: str,
    found: list[Problem],
    posted: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[FieldView]:
    node = edit.get(instrument, path)
    names = {
        s.name: edit.field_name(instrument, (*path, *s.parts))
        for s in specs(instrument, path, node)
    }
    placed = edit.messages_by_field(found, names.values())
    condition = condition_values(node)
    return [
        _view(
            instrument,
            spec,
            node,
            lang,
            condition,
            posted,
            placed.get(names[spec.name], []),
            errors,
        )
        for spec in specs(instrument, path, node)
    ]


def _view(
    instrument: Instrument,
    spec: Spec,
    node: Any,
    lang: str,
    condition: dict[str, str],
    posted: Mapping[str, Any] | None,
    lint: list[str],
    errors: Mapping[str, list[str]] | None,
) -> FieldView:
    current = _dig(node, spec.parts)
    source = ""
    if spec.kind in ("text", "longtext") and isinstance(current, dict):
        source = (
            current.get(instrument.default_language, "")
            if lang != instrument.default_language
            else ""
        )
    value, values = _shown(spec, current, lang, condition)
    if posted is not None:
        value = str(posted.get(f"f-{spec.name}", ""))
        values = list(posted.getlist(f"f-{spec.name}")) if hasattr(posted, "getlist") else []
    choices = spec.choices(instrument, ()) if spec.choices else []
    messages = list((errors or {}).get(spec.name, [])) or lint
    return FieldView(
        spec, "f-" + spec.name.replace(".", "-"), value, values, source, choices, messages
    )


def _shown(spec: Spec, current: Any, lang: str, condition: dict[str, str]) -> tuple[str, list[str]]:
    if spec.name.startswith("show_if."):
        return condition.get(spec.name, ""), []
    if spec.kind in ("text", "longtext"):
        return (current.get(lang, "") if isinstance(current, dict) else ""), []
    if spec.kind == "choices":
        return "", [str(v) for v in current or []]
    if spec.kind == "bool":
        return ("on" if current or (current is None and spec.name in _TRUE_BY_DEFAULT) else ""), []
    if isinstance(current, list):
        return ", ".join(str(v) for v in current), []
    if current is None or isinstance(current, dict):
        return "", []
    return str(int(current) if isinstance(current, float) and current.is_integer() else current), []


_TRUE_BY_DEFAULT = frozenset({"scored", "multiline"})


def _dig(node: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def list_views(
    instrument: Instrument, path: Path, slug: str, draft_pk: int, lang: str, found: list[Problem]
) -> list[ListView]:
    node = edit.get(instrument, path)
    views = []
    for child in children(path, node):
        entries = _dig(node, child.parts) or []
        listed = ListView(child)
        for i, entry in enumerate(entries):
            at = (*path, *child.parts, i)
            name = edit.field_name(instrument, at)
            count = sum(1 for p in found if edit.messages_by_field([p], [name]).get(name))
            listed.entries.append(
                Entry(
                    entry_label(instrument, entry, lang),
                    element_url(slug, draft_pk, at, lang),
                    element_url(slug, draft_pk, at),
                    count,
                    i == 0,
                    i == len(entries) - 1,
                )
            )
        views.append(listed)
    return views


def entry_label(instrument: Instrument, entry: Any, lang: str) -> str:
    if not isinstance(entry, dict):
        return str(entry)
    if all(isinstance(v, str) for v in entry.values()):
        return instrument.text(entry, lang)  # a text of its own, like a reflect question
    texts = entry.get("title") or entry.get("text") or entry.get("label") or {}
    name = instrument.text(texts, lang) if isinstance(texts, dict) else ""
    key = entry.get("key", entry.get("value", ""))
    bounds = f" ({entry['min']}–{entry['max']})" if "min" in entry and "key" in entry else ""
    return f"{key} — {name}{bounds}" if name else str(key)


def breadcrumbs(
    instrument: Instrument, path: Path, slug: str, draft_pk: int, lang: str
) -> list[tuple[str, str]]:
    """(label, url) of the elements above `path`, from the instrument down."""
    crumbs = [(instrument.text(instrument.title, lang), element_url(slug, draft_pk, (), lang))]
    for end in range(1, len(path)):
        upper = path[:end]
        if kind_of(upper) in ("", "head"):
            continue
        label = entry_label(instrument, edit.get(instrument, upper), lang)
        crumbs.append((label, element_url(slug, draft_pk, upper, lang)))
    return crumbs


def element_paths(instrument: Instrument) -> dict[str, Path]:
    """Every element the editor can open, by its lint element name."""
    data = edit.get(instrument, ())
    return {edit.field_name(instrument, path): path for path in _walk(data, ())}


def _walk(node: Any, path: Path) -> Iterator[Path]:
    if kind_of(path):
        yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def problem_links(
    instrument: Instrument, found: list[Problem], slug: str, draft_pk: int, lang: str
) -> list[tuple[Problem, str]]:
    """Each problem with the address of the element it concerns."""
    paths = element_paths(instrument)
    placed = []
    for problem in found:
        name = next(iter(edit.messages_by_field([problem], paths)), "")
        placed.append((problem, element_url(slug, draft_pk, paths.get(name, ()), lang)))
    return placed
