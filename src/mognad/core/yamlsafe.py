"""Safe YAML reading for instrument files, with the place of every node.

Only PyYAML's event parser is used: the plain data is built here from the event
stream, so no tag can ever construct an object, and the builder keeps no Python
recursion (a file nested 10,000 levels deep is refused at level `MAX_DEPTH`).

Anchors and aliases are refused outright. Instruments never need them, and
refusing them removes "billion laughs" expansion without having to count it.

Plain scalars are read more narrowly than PyYAML's YAML 1.1 rules: only
`true`/`false` are booleans, so an option keyed `yes`, `no`, `on` or `off` stays
the text it looks like; only plain decimal numbers are numbers (`0755` is 755,
no `1_000`, no sexagesimal `1:30`), and dates stay text. A scalar is read as a
non-text value only if YAML 1.1 also reads it so: PyYAML's dumper quotes exactly
those strings, so every dumped instrument reads back unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64

Path = tuple[Any, ...]

_STR_TAGS = {"!", "tag:yaml.org,2002:str"}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
# libyaml follows the YAML spec more closely than the pure-Python parser, which
# refuses a '?' inside a flow mapping's plain text ({en: Why?, sv: Varför?}).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML11_RESOLVE: Callable[..., str] = yaml.resolver.Resolver().resolve
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$")


@dataclass(frozen=True)
class YamlProblem:
    """A problem found while reading; `path` names the element when it is known."""

    line: int
    column: int
    message: str
    path: Path | None = None


@dataclass
class Loaded:
    """Plain data, the (line, column) of every element, and the problems found."""

    data: Any = None
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)
    ok: bool = True


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line, self.column = _place(mark)
        self.message = message


def _place(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def too_large(size: int) -> str:
    return f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes"


def load(text: str) -> Loaded:
    """Read one YAML document; a refused or broken file gives `ok = False` and no data."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        line, column = _text_place(text, error.start)
        return _failed(YamlProblem(line, column, _bad_character(text[error.start])))
    if size > MAX_BYTES:
        return _failed(YamlProblem(1, 1, too_large(size)))
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except _Refused as refused:
        return _failed(YamlProblem(refused.line, refused.column, refused.message))
    except yaml.MarkedYAMLError as error:
        return _failed(_syntax_problem(error))
    except yaml.reader.ReaderError as error:
        line, column = _text_place(text, error.position)
        return _failed(YamlProblem(line, column, _bad_character(error.character)))
    except Exception as error:  # any PyYAML failure (RecursionError too) is a problem in the file
        return _failed(YamlProblem(1, 1, f"the file could not be read as YAML ({error})"))
    return Loaded(builder.root, builder.positions, builder.problems)


def _failed(problem: YamlProblem) -> Loaded:
    return Loaded(problems=[problem], ok=False)


def _syntax_problem(error: yaml.MarkedYAMLError) -> YamlProblem:
    line, column = _place(error.problem_mark or error.context_mark)
    detail = error.problem or error.context or "invalid YAML"
    if error.context and error.problem:
        detail = f"{error.problem} ({error.context})"
    return YamlProblem(line, column, f"YAML syntax error: {detail}")


def _bad_character(character: int | str) -> str:
    code = character if isinstance(character, int) else ord(character[:1] or "\0")
    return f"the character U+{code:04X} is not allowed in YAML; remove it"


def _text_place(text: str, position: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1


class _Frame:
    def __init__(self, container: dict[Any, Any] | list[Any], path: Path) -> None:
        self.container = container
        self.path = path
        self.key: Any = None
        self.key_mark: Any = None
        self.expect_key = isinstance(container, dict)


class _Builder:
    """Builds plain data from parser events with an explicit stack."""

    def __init__(self) -> None:
        self.root: Any = None
        self.positions: dict[Path, tuple[int, int]] = {}
        self.problems: list[YamlProblem] = []
        self.stack: list[_Frame] = []
        self.documents = 0

    def feed(self, event: events.Event) -> None:
        if isinstance(event, events.AliasEvent):
            raise _Refused(event.start_mark, _NO_ANCHORS)
        if isinstance(event, events.DocumentStartEvent):
            self._start_document(event)
        elif isinstance(event, events.ScalarEvent):
            self._check_node(event, _STR_TAGS | {None})
            self._add(_scalar(event), event.start_mark)
        elif isinstance(event, events.CollectionStartEvent):
            self._start_collection(event)
        elif isinstance(event, events.CollectionEndEvent):
            self.stack.pop()

    def _start_document(self, event: events.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Refused(event.start_mark, "a file holds one YAML document; remove the '---'")

    def _check_node(self, event: events.NodeEvent, tags: set[str | None]) -> None:
        if event.anchor is not None:
            raise _Refused(event.start_mark, _NO_ANCHORS)
        tag = getattr(event, "tag", None)
        if tag not in tags:
            short = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise _Refused(event.start_mark, f"the tag {short} is not allowed; remove it")

    def _start_collection(self, event: events.CollectionStartEvent) -> None:
        self._check_node(event, _COLLECTION_TAGS)
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
        if self.stack and self.stack[-1].expect_key:
            raise _Refused(
                event.start_mark, "a mapping key must be a plain value, not a list or mapping"
            )
        is_map = isinstance(event, events.MappingStartEvent)
        container: dict[Any, Any] | list[Any] = {} if is_map else []
        path = self._add(container, event.start_mark)
        self.stack.append(_Frame(container, path))

    def _add(self, value: Any, mark: Any) -> Path:
        if not self.stack:
            self.root = value
            self.positions[()] = _place(mark)
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
            self.positions[path] = _place(mark)
            return path
        if frame.expect_key:
            frame.key, frame.key_mark, frame.expect_key = value, mark, False
            return frame.path
        return self._set(frame, value)

    def _set(self, frame: _Frame, value: Any) -> Path:
        assert isinstance(frame.container, dict)
        path = (*frame.path, frame.key)
        if frame.key in frame.container:
            first, _ = self.positions[path]
            line, column = _place(frame.key_mark)
            message = f"duplicate key '{frame.key}' (first at line {first}); remove one"
            self.problems.append(YamlProblem(line, column, message, path))
        else:
            frame.container[frame.key] = value
            self.positions[path] = _place(frame.key_mark)
        frame.expect_key = True
        return path


_NOT_FINITE = "numbers must be finite; .inf, .nan and overflowing numbers are not allowed"
_NO_ANCHORS = "anchors and aliases (&name, *name) are not allowed; write the value out in full"


def _scalar(event: events.ScalarEvent) -> Any:
    # Plain style is None from the pure-Python parser and "" from libyaml.
    if event.style or event.tag is not None:
        return event.value
    return _resolve_plain(event.value, event.start_mark)


def _resolve_plain(value: str, mark: Any) -> Any:
    tag = _YAML11_RESOLVE(yaml.ScalarNode, value, (True, False)).rsplit(":", 1)[-1]
    if tag == "null":
        return None
    if tag == "bool":
        return _BOOL.get(value, value)
    if tag == "float" and _SPECIAL_FLOAT.match(value):
        raise _Refused(mark, _NOT_FINITE)
    if tag not in ("int", "float") or not (_INT.match(value) or _FLOAT.match(value)):
        return value
    if len(value) > 100:
        raise _Refused(mark, "the number is too long; use at most 100 digits")
    if _INT.match(value):
        return int(value)
    number = float(value)
    if not math.isfinite(number):
        raise _Refused(mark, _NOT_FINITE)
    return number
