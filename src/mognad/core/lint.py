"""`mognad lint`: every problem in an instrument file, each with its place.

Reading (`yamlsafe`) refuses hostile or broken YAML; the pydantic model checks
the shape of each element (`lint_schema` words its errors plainly); once the
shape is right, `lint_rules` and `lint_refs` check what needs the whole
instrument. Problems name the element as a path of keys, e.g.
`items[learning.time].options[dk].label`: list entries by their `key` when they
have one (else by 0-based index), and anything inside an item from the item on.

Whole-instrument checks need the typed model. When the shape is wrong only in
fields that can be left out (a negative weight, an unknown field), they run on
the instrument without those fields; otherwise they wait until the shape is
right, so fixing the reported problems may reveal further ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mognad.core import lint_refs, lint_rules, yamlsafe
from mognad.core.lint_rules import Finding
from mognad.core.lint_schema import repair, schema_findings
from mognad.core.model import Instrument


@dataclass(frozen=True)
class Problem:
    """One problem in a file: where it is, which element, and what to do."""

    source: str
    line: int
    column: int
    element: str
    message: str

    def __str__(self) -> str:
        place = f"{self.source}:{self.line}:{self.column}"
        if self.element:
            return f"{place}: {self.element}: {self.message}"
        return f"{place}: {self.message}"


def lint_text(text: str, source: str) -> list[Problem]:
    """Every problem in an instrument's YAML text, sorted by line and column."""
    return lint_and_load(text, source)[1]


def lint_path(path: Path | str) -> list[Problem]:
    """Every problem in an instrument file; a file that cannot be read is one problem."""
    try:
        return lint_and_load_path(path)[1]
    except OSError as error:
        return [Problem(str(path), 1, 1, "", f"cannot read the file: {error.strerror or error}")]


def lint_and_load(text: str, source: str) -> tuple[Instrument | None, list[Problem]]:
    """The instrument, if the text has no problem at all, and the problems found."""
    loaded = yamlsafe.load(text)
    problems = [_yaml_problem(source, p, loaded.data) for p in loaded.problems]
    instrument = None
    if loaded.ok:
        instrument, findings = _validate(loaded.data)
        problems += [_placed(source, f, loaded) for f in findings]
    problems = sorted(_unique(problems), key=lambda p: (p.line, p.column))
    return (None if problems else instrument), problems


def lint_and_load_path(path: Path | str) -> tuple[Instrument | None, list[Problem]]:
    """As `lint_and_load`, reading the file as UTF-8 after checking its size."""
    source = str(path)
    with open(path, "rb") as file:
        raw = file.read(yamlsafe.MAX_BYTES + 1)
        if len(raw) > yamlsafe.MAX_BYTES:
            size = file.seek(0, 2)
            return None, [Problem(source, 1, 1, "", yamlsafe.too_large(size))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [_undecodable(source, raw, error)]
    return lint_and_load(text, source)


def _undecodable(source: str, raw: bytes, error: UnicodeDecodeError) -> Problem:
    line_start = raw.rfind(b"\n", 0, error.start) + 1
    line = raw.count(b"\n", 0, error.start) + 1
    column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
    byte = raw[error.start]
    message = f"the file is not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8"
    return Problem(source, line, column, "", message)


def _validate(data: Any) -> tuple[Instrument | None, list[Finding]]:
    if data is None:
        return None, [Finding((), "the file is empty; an instrument starts with format, id, …")]
    if not isinstance(data, dict):
        message = "the top level must be a mapping of fields (format, id, version, …)"
        return None, [Finding((), f"{message}, not a {_kind(data)}")]
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as error:
        return None, schema_findings(error, data) + _findings_after_repair(data, error)
    return instrument, list(_whole_instrument_findings(instrument, data))


def _findings_after_repair(data: dict[str, Any], error: ValidationError) -> list[Finding]:
    """Whole-instrument findings once rejected fields are left out, away from those fields."""
    repaired = repair(data, error)
    if repaired is None:
        return []
    instrument, repaired_data, dropped = repaired
    findings = _whole_instrument_findings(instrument, repaired_data)
    return [f for f in findings if not any(_near(f.path, path) for path in dropped)]


def _near(path: tuple[Any, ...], dropped: tuple[Any, ...]) -> bool:
    """A finding on a dropped field, inside it, or on the element that held it."""
    return path[: len(dropped)] == dropped or dropped[:-1] == path


def _kind(data: Any) -> str:
    return "list" if isinstance(data, list) else "single value"


def _whole_instrument_findings(instrument: Instrument, data: dict[str, Any]) -> Iterable[Finding]:
    yield from lint_rules.check_keys(instrument)
    yield from lint_rules.check_scales(instrument)
    yield from lint_rules.check_levels(instrument)
    yield from lint_rules.check_languages(instrument, data)
    yield from lint_rules.check_scoring(instrument)
    yield from lint_refs.check_references(instrument)


def _yaml_problem(source: str, problem: yamlsafe.YamlProblem, data: Any) -> Problem:
    element = element_name(problem.path, data) if problem.path is not None else ""
    return Problem(source, problem.line, problem.column, element, problem.message)


def _placed(source: str, finding: Finding, loaded: yamlsafe.Loaded) -> Problem:
    line, column = _position(finding.at or finding.path, loaded.positions)
    element = element_name(finding.path, loaded.data)
    return Problem(source, line, column, element, finding.message)


def _position(path: tuple[Any, ...], positions: dict[tuple[Any, ...], tuple[int, int]]) -> Any:
    """The place of the most specific node on the path that exists in the file."""
    for end in range(len(path), 0, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return positions.get((), (1, 1))


def element_name(path: tuple[Any, ...], data: Any) -> str:
    """A readable name for the element at `path`; paths inside an item start at the item."""
    parts: list[str] = []
    node = data
    for part in path:
        if isinstance(node, list) and isinstance(part, int):
            node = node[part] if 0 <= part < len(node) else None
            label = f"[{_entry_label(node, part)}]"
            parts[-1:] = [(parts[-1] if parts else "") + label]
            if parts[-1].startswith("items["):
                parts = parts[-1:]
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)


def _entry_label(entry: Any, index: int) -> str:
    key = entry.get("key") if isinstance(entry, dict) else None
    return key if isinstance(key, str) and key else str(index)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
