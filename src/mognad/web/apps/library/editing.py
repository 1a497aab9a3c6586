"""The editor's writes, and turning one posted section into one edit of the draft.

A draft being edited may have lint problems (a new language not yet translated, a
new dimension without questions): they are shown next to their fields and stop
publishing, not saving. What cannot be saved is a wrong shape (a word where a
number goes, a weight below zero); then nothing is saved and the form comes back
with what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from mognad.core import edit
from mognad.core.io import dump_instrument
from mognad.core.lint_rules import Path
from mognad.core.model import Instrument
from mognad.web.apps.library.editor_fields import Spec
from mognad.web.apps.library.models import InstrumentDraft

OPTIONAL_TEXTS = frozenset({"description", "help", "unit"})


def save_edited_draft(draft: InstrumentDraft, instrument: Instrument) -> InstrumentDraft:
    """Stores the edited instrument as the draft's text; its id and parent stay the draft's."""
    if instrument.id != draft.instrument_id:
        raise ValueError("an edit may not change the instrument's id")
    with transaction.atomic():
        draft.yaml = dump_instrument(instrument)
        draft.save(update_fields=["yaml", "updated_at"])
    return draft


@dataclass
class Outcome:
    """The instrument after a posted section, or the messages for each field that stopped it."""

    instrument: Instrument
    errors: dict[str, list[str]] = field(default_factory=dict)


def apply_section(
    instrument: Instrument, path: Path, specs: list[Spec], post: Mapping[str, Any], lang: str
) -> Outcome:
    """The fields of one element as posted, validated together; renames carry references."""
    node = edit.get(instrument, path)
    errors: dict[str, list[str]] = {}
    values: list[tuple[Path, Any]] = []
    new_key = None
    for spec in specs:
        if spec.kind == "key":
            new_key = _value(spec, post, errors)
            continue
        if spec.name.startswith(("show_if.", "when.gap.")):
            continue
        try:
            values.append(((*path, *spec.parts), _parsed(spec, node, post, lang, instrument)))
        except ValueError as error:
            errors.setdefault(spec.name, []).append(str(error))
    if any(s.name == "show_if.item" for s in specs):
        values += _condition(path, post, errors)
    if any(s.name == "when.gap.groups" for s in specs):
        values += _gap(path, post, errors)
    if errors:
        return Outcome(instrument, errors)
    return _validated(instrument, path, specs, values, new_key, node)


def _validated(
    instrument: Instrument,
    path: Path,
    specs: list[Spec],
    values: list[tuple[Path, Any]],
    new_key: str | None,
    node: Any,
) -> Outcome:
    try:
        result = edit.update(instrument, values)
        if new_key and isinstance(node, dict) and new_key != node.get("key"):
            result = edit.rename(result, path, new_key)
    except edit.EditError as error:
        return Outcome(instrument, _placed(instrument, path, specs, error))
    return Outcome(result)


def _placed(
    instrument: Instrument, path: Path, specs: list[Spec], error: edit.EditError
) -> dict[str, list[str]]:
    names = {edit.field_name(instrument, (*path, *s.parts)): s.name for s in specs}
    problems = [_as_problem(c) for c in error.complaints]
    placed = edit.messages_by_field(problems, names)
    return {names.get(element, ""): messages for element, messages in placed.items()}


def _as_problem(complaint: edit.Complaint) -> Any:
    from mognad.core.lint import Problem

    return Problem("", 0, 0, complaint.element, complaint.message)


def _value(spec: Spec, post: Mapping[str, Any], errors: dict[str, list[str]]) -> str:
    value = str(post.get(f"f-{spec.name}", "")).strip()
    if spec.required and not value:
        errors.setdefault(spec.name, []).append(gettext("This field is required."))
    return value


def _parsed(spec: Spec, node: Any, post: Mapping[str, Any], lang: str, inst: Instrument) -> Any:
    raw = str(post.get(f"f-{spec.name}", "")).strip()
    if spec.kind in ("text", "longtext"):
        return _text(spec, node, raw, lang, inst)
    if spec.kind == "bool":
        return f"f-{spec.name}" in post
    if spec.kind == "choices":
        chosen = post.getlist(f"f-{spec.name}") if hasattr(post, "getlist") else []
        return _chosen(spec, inst, chosen) or None
    if not raw:
        if spec.required:
            raise ValueError(gettext("This field is required."))
        return None
    if spec.kind == "int":
        return _number(raw, whole=True)
    if spec.kind == "float":
        return _number(raw, whole=False)
    if spec.kind == "choice":
        return _chosen(spec, inst, [raw])[0]
    return raw


def _text(spec: Spec, node: Any, raw: str, lang: str, inst: Instrument) -> Any:
    current = _dig(node, spec.parts)
    texts = dict(current) if isinstance(current, dict) else {}
    if raw:
        texts[lang] = raw
    else:
        texts.pop(lang, None)
    if not texts:
        if spec.required:
            raise ValueError(gettext("Write this text in at least one language."))
        if spec.parts[-1:] and spec.parts[-1] in OPTIONAL_TEXTS:
            return None
    return texts


def _dig(node: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _number(raw: str, whole: bool) -> int | float:
    text = raw.replace(",", ".").replace("\u2212", "-")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(gettext("Give a number, like 3 or 0.5.")) from None
    if whole:
        if not value.is_integer():
            raise ValueError(gettext("Give a whole number."))
        return int(value)
    return int(value) if value.is_integer() else value


def _chosen(spec: Spec, instrument: Instrument, values: list[str]) -> list[str]:
    allowed = {value for value, _ in spec.choices(instrument, ())} if spec.choices else set()
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise ValueError(gettext("Choose one of the options offered."))
    return values


# --- a simple show-if condition ---------------------------------------------------------


def _condition(path: Path, post: Mapping[str, Any], errors: dict[str, list[str]]) -> list[Any]:
    item = str(post.get("f-show_if.item", "")).strip()
    test = str(post.get("f-show_if.test", "")).strip()
    raw = str(post.get("f-show_if.value", "")).strip()
    where = (*path, "show_if")
    if not item:
        return [(where, None)]
    if test == "answered":
        return [(where, {"item": item, "answered": True})]
    if not test or not raw:
        errors.setdefault("show_if.value", []).append(
            gettext("Choose a test and give the value it compares with.")
        )
        return []
    try:
        return [(where, {"item": item, test: _test_value(test, raw)})]
    except ValueError as error:
        errors.setdefault("show_if.value", []).append(str(error))
        return []


def _test_value(test: str, raw: str) -> Any:
    if test in ("at_least", "at_most"):
        return _number(raw, whole=False)
    if test == "in":
        return [_answer(part.strip()) for part in raw.split(",") if part.strip()]
    return raw if test == "includes" else _answer(raw)


def _answer(raw: str) -> int | float | str:
    try:
        return _number(raw, whole=False)
    except ValueError:
        return raw


def _gap(path: Path, post: Mapping[str, Any], errors: dict[str, list[str]]) -> list[Any]:
    groups = [g.strip() for g in str(post.get("f-when.gap.groups", "")).split(",") if g.strip()]
    raw = str(post.get("f-when.gap.at_least", "")).strip()
    where = (*path, "when", "gap")
    if not groups and not raw:
        return [(where, None)]
    if len(groups) != 2:
        message = gettext("Give the keys of two groups, separated by a comma.")
        errors.setdefault("when.gap.groups", []).append(message)
    try:
        at_least = _number(raw, whole=False) if raw else None
    except ValueError as error:
        errors.setdefault("when.gap.at_least", []).append(str(error))
        return []
    if at_least is None:
        message = gettext("Give the difference in points that counts as a gap.")
        errors.setdefault("when.gap.at_least", []).append(message)
    return [] if errors else [(where, {"groups": groups, "at_least": at_least})]


def condition_values(node: Any) -> dict[str, str]:
    """The show-if fields of an item as the form shows them."""
    condition = node.get("show_if") if isinstance(node, dict) else None
    if not isinstance(condition, dict) or "item" not in condition:
        return {}
    test = next((k for k in condition if k != "item"), "")
    value = condition.get(test, "")
    shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return {
        "show_if.item": str(condition["item"]),
        "show_if.test": test,
        "show_if.value": "" if test == "answered" else shown,
    }
