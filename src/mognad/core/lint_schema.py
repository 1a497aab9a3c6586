"""Turns pydantic validation errors into findings with plain-words messages.

Pydantic reports an error for every member of a union (e.g. `scale: Key | Scale`)
and puts member and tag names into the error's `loc`. The file's own data
decides which member was meant, so only that member's errors are kept; when the
value fits no member at all, one finding says what the value may be.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from mognad.core.lint_rules import Finding, Path
from mognad.core.model import Instrument

ITEM_TYPES = "scale, choice, multi, number, text, pair"
_KEY_PATTERN = "^[a-z][a-z0-9_.-]{0,63}$"
_LANG_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_VERSION_PATTERN = r"^\d+\.\d+\.\d+$"


@dataclass
class _Walk:
    """Where an error's `loc` leads in the data."""

    path: list[Any] = field(default_factory=list)
    misfit: tuple[Path, str] | None = None
    fitted: list[Path] = field(default_factory=list)
    on_key: bool = False


def schema_findings(error: ValidationError, data: Any) -> list[Finding]:
    findings: list[Finding] = []
    misfits: dict[Path, list[str]] = {}
    fitted: set[Path] = set()
    for details in error.errors(include_url=False):
        walk = _walk(details["loc"], data)
        fitted.update(walk.fitted)
        if walk.misfit is not None:
            misfits.setdefault(walk.misfit[0], []).append(walk.misfit[1])
        else:
            findings.append(_finding(details, walk))
    for path, members in misfits.items():
        if path not in fitted:
            findings.append(Finding(path, _union_message(members)))
    return findings


def repair(data: Any, error: ValidationError) -> tuple[Instrument, Any, list[Path]] | None:
    """The instrument without the scalar fields pydantic rejected, if dropping them is enough.

    A rejected scalar with a default (`weight: -2`) or an unknown field can be left
    out, so the whole-instrument checks still run and a file's problems show in one
    pass. Anything bigger (a broken item, a missing field) ends the attempt.
    """
    data = copy.deepcopy(data)
    removed: list[Path] = []
    for _ in range(5):
        paths = _removable(error, data)
        if paths is None:
            return None
        for path in paths:
            _drop(data, path)
        removed += paths
        try:
            return Instrument.model_validate(data), data, removed
        except ValidationError as again:
            error = again
    return None


def _removable(error: ValidationError, data: Any) -> list[Path] | None:
    paths = []
    for details in error.errors(include_url=False):
        walk = _walk(details["loc"], data)
        path = walk.misfit[0] if walk.misfit else tuple(walk.path)
        if details["type"] == "missing" or not _droppable(data, path, details["type"]):
            return None
        paths.append(path)
    return paths


def _drop(data: Any, path: Path) -> None:
    for part in path[:-1]:
        data = data[part]
    data.pop(path[-1], None)


def _droppable(data: Any, path: Path, kind: str) -> bool:
    """Whether leaving the field out loses nothing that other elements may refer to."""
    if not path or not isinstance(path[-1], str):
        return False
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if not isinstance(parent, dict) or path[-1] not in parent:
        return False
    return kind == "extra_forbidden" or not isinstance(parent[path[-1]], dict | list)


def _walk(loc: tuple[int | str, ...], data: Any) -> _Walk:
    walk = _Walk()
    node = data
    for n, part in enumerate(loc):
        if n > 0 and loc[n - 1] == _last(walk.path) and _is_tag(walk.path, node, part):
            continue
        if part == "[key]":
            walk.on_key = True
        elif _has(node, part):
            walk.path.append(part)
            node = node[part]
        elif not _is_member(part):
            walk.path.append(part)  # a missing field, or an entry past the end of a list
        elif _fits(str(part), node):
            walk.fitted.append(tuple(walk.path))
        else:
            walk.misfit = (tuple(walk.path), str(part))
            break
    return walk


def _last(path: list[Any]) -> Any:
    return path[-1] if path else None


def _has(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _is_tag(path: list[Any], node: Any, part: int | str) -> bool:
    """Discriminator tags, right after an entry: an item's `type`, a shared scale's kind."""
    if len(path) >= 2 and path[-2] == "items" and isinstance(path[-1], int):
        return isinstance(node, dict) and part == node.get("type")
    return len(path) == 2 and path[0] == "scales" and part in ("scale", "choice")


def _is_member(part: int | str) -> bool:
    """Whether a `loc` part names a union member (`str`, `AllOf`, `function-after[…]`)."""
    if isinstance(part, int):
        return False
    return part in _MEMBER_WORDS or not part[:1].islower() or "[" in part


def _fits(member: str, node: Any) -> bool:
    """Whether the data is of the shape of the union member pydantic names."""
    if member in ("str", "constrained-str"):
        return isinstance(node, str)
    if member in ("int", "float"):
        return isinstance(node, int | float) and not isinstance(node, bool)
    if not isinstance(node, dict):
        return False
    if member == "AllOf":
        return "all" in node
    if member == "AnyOf":
        return "any" in node
    if "Compare" in member:
        return "all" not in node and "any" not in node
    return True


_MEMBER_WORDS = {
    "str": "text",
    "constrained-str": "a scale key",
    "int": "a number",
    "float": "a number",
    "AllOf": "{all: [tests]}",
    "AnyOf": "{any: [tests]}",
}


def _union_message(members: list[str]) -> str:
    words: list[str] = []
    for member in members:
        word = _MEMBER_WORDS.get(member, "a mapping")
        if "Compare" in member:
            word = "a test such as {item: KEY, equals: VALUE}"
        if "Scale" in member:
            word = "an inline scale (min, max, labels)"
        if word not in words:
            words.append(word)
    return "must be " + " or ".join(words)


def _finding(details: ErrorDetails, walk: _Walk) -> Finding:
    path = tuple(walk.path)
    last = str(path[-1]) if path else ""
    kind = details["type"]
    if kind == "missing":
        return Finding(path[:-1], f"missing required field '{last}'; add it")
    if kind == "extra_forbidden":
        return Finding(path[:-1], f"unknown field '{last}'; remove it or check its spelling", path)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return Finding(path, _tag_message(details), (*path, "type"))
    message = _message(details, last)
    return Finding(path, f"the key {message}" if walk.on_key else message)


def _tag_message(details: ErrorDetails) -> str:
    ctx = details.get("ctx", {})
    if details["type"] == "union_tag_not_found":
        return f"missing field 'type'; use one of {ITEM_TYPES}"
    return f"unknown item type '{ctx.get('tag')}'; use one of {ITEM_TYPES}"


def _message(details: ErrorDetails, last: str) -> str:
    kind, ctx, value = details["type"], details.get("ctx", {}), details["input"]
    if kind == "greater_than" and last == "weight":
        return "weights must be positive"
    if kind == "string_pattern_mismatch":
        return _pattern_message(ctx.get("pattern"), value)
    if kind == "value_error":
        return str(details["msg"]).removeprefix("Value error, ")
    if kind == "too_short":
        return _too_short(ctx.get("min_length", 1))
    if kind in _FIXED:
        return _FIXED[kind]
    try:
        return _WITH_CONTEXT[kind].format(**{k: _plain(v) for k, v in ctx.items()})
    except KeyError:
        return _fallback(str(details["msg"]))


def _too_short(least: Any) -> str:
    entries = "entry" if least == 1 else "entries"
    return f"needs at least {least} {entries}; add {'one' if least == 1 else 'more'}"


def _fallback(message: str) -> str:
    # A pydantic message without a plain-words version; point to the format's reference.
    message = message.removeprefix("Value error, ").rstrip(".")
    return f"{message[:1].lower()}{message[1:]}; see docs/instrument-format.md for what fits here"


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _pattern_message(pattern: Any, value: Any) -> str:
    if pattern == _KEY_PATTERN:
        return (
            f"'{value}' is not a valid key; use lower-case letters, digits, '_', '.' or '-', "
            "starting with a letter (at most 64 characters)"
        )
    if pattern == _LANG_PATTERN:
        return f"'{value}' is not a language code such as en, sv or de-CH"
    if pattern == _VERSION_PATTERN:
        return f"'{value}' is not a version such as 1.0.0 (MAJOR.MINOR.PATCH)"
    return f"'{value}' does not match the pattern {pattern}; change it to fit"


_MAPPING = "must be a mapping; write it as 'field: value' lines indented under it"
_LIST = "must be a list; write its entries as '- entry' lines or as [a, b]"
_FIXED = {
    "int_type": "must be a whole number, such as 3; write it without quotes or decimals",
    "int_parsing": "must be a whole number, such as 3; write it without quotes or decimals",
    "int_from_float": "must be a whole number, such as 3; drop the decimals",
    "float_type": "must be a number, such as 2 or 0.5; write it without quotes",
    "float_parsing": "must be a number, such as 2 or 0.5; write it without quotes",
    "finite_number": "must be a finite number; give an ordinary number",
    "string_type": "must be text (put it in quotes if it looks like a number or true/false)",
    "bool_type": "must be true or false; write one of them, without quotes",
    "bool_parsing": "must be true or false; write one of them, without quotes",
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "string_too_short": "must not be empty; write a text or leave the field out",
}
_WITH_CONTEXT = {
    "greater_than": "must be greater than {gt}; give a larger number",
    "greater_than_equal": "must be at least {ge}; give a larger number",
    "less_than": "must be less than {lt}; give a smaller number",
    "less_than_equal": "must be at most {le}; give a smaller number",
    "too_long": "has {actual_length} entries; at most {max_length} are allowed, so remove some",
    "string_too_long": "is longer than {max_length} characters; shorten it",
    "literal_error": "must be {expected}; write that instead",
}
