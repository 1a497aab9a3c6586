"""Responses as CSV: one row per response, one column per answer field.

Reading collects every problem with its line and column before anything is
scored, so a caller can refuse the whole file and write nothing half-way.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from mognad.core.answers import item_fields, validate_answers
from mognad.core.engine import BatchScores
from mognad.core.model import Instrument, Item, MultiItem, NumberItem, TextItem

GROUP_COLUMN = "group"
MULTI_SEPARATOR = ";"
# ASCII only: Python's int() and float() also take "1_000" and non-Latin digits.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")


@dataclass(frozen=True)
class CsvProblem:
    source: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f" column '{self.column}':" if self.column else ""
        return f"{self.source}:{self.line}:{where} {self.message}"


@dataclass(frozen=True)
class ResponseRows:
    answers: list[dict[str, Any]]
    groups: list[str] | None
    problems: list[CsvProblem]


def read_responses(instrument: Instrument, stream: TextIO, source: str) -> ResponseRows:
    """Every row of a responses CSV as an answers document, or the problems found."""
    reader = csv.reader(stream, strict=True)
    try:
        return _read_rows(instrument, reader, source)
    except csv.Error as error:
        return ResponseRows([], None, [_malformed(source, reader.line_num, error)])


def _malformed(source: str, line: int, error: csv.Error) -> CsvProblem:
    if "field larger than field limit" in str(error):
        limit = csv.field_size_limit()
        message = f"a cell is longer than {limit:,} characters; no answer can be that long"
    else:
        message = f"this is not well-formed CSV ({error}); check the quotes on this line"
    return CsvProblem(source, line, "", message)


def _read_rows(instrument: Instrument, reader: Any, source: str) -> ResponseRows:
    header = next(reader, None)
    if header is None:
        return ResponseRows([], None, [CsvProblem(source, 1, "", "the file is empty")])
    fields = {name: (item, part) for name, item, part in item_fields(instrument)}
    problems = _check_header(header, fields, source)
    if problems:
        return ResponseRows([], None, problems)
    has_group = GROUP_COLUMN in header
    answers, groups = [], []
    for row in reader:
        line = reader.line_num
        if not row:
            continue  # a blank line between rows
        if len(row) != len(header):
            problems.append(_width_problem(source, line, len(row), len(header)))
            continue
        cells = dict(zip(header, row, strict=True))
        groups.append(cells.pop(GROUP_COLUMN, ""))
        doc, cell_problems = _row_answers(cells, fields)
        doc_problems = [(p.field, p.message) for p in validate_answers(instrument, doc)]
        problems.extend(CsvProblem(source, line, c, m) for c, m in cell_problems + doc_problems)
        answers.append(doc)
    return ResponseRows(answers, groups if has_group else None, problems)


def _check_header(
    header: list[str], fields: dict[str, tuple[Item, str | None]], source: str
) -> list[CsvProblem]:
    problems = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(CsvProblem(source, 1, name, "this column appears twice"))
        elif name != GROUP_COLUMN and name not in fields:
            problems.append(
                CsvProblem(
                    source,
                    1,
                    name,
                    "no item of the instrument has this key; "
                    "use item keys as column names (pairs: KEY:importance, KEY:performance)",
                )
            )
        seen.add(name)
    return problems


def _width_problem(source: str, line: int, got: int, want: int) -> CsvProblem:
    return CsvProblem(source, line, "", f"this row has {got} cells but the header has {want}")


def _row_answers(
    cells: dict[str, str], fields: dict[str, tuple[Item, str | None]]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    doc: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, text in cells.items():
        if text.strip() == "":
            continue
        item, part = fields[name]
        try:
            value = parse_cell(item, text)
        except ValueError as error:
            problems.append((name, str(error)))
            continue
        if part is None:
            doc[item.key] = value
        else:
            doc.setdefault(item.key, {})[part] = value
    return doc, problems


def parse_cell(item: Item, text: str) -> Any:
    """The answer a CSV cell holds, typed for its item; validation happens afterwards."""
    if isinstance(item, TextItem):
        return text
    text = text.strip()
    if isinstance(item, MultiItem):
        return [k.strip() for k in text.split(MULTI_SEPARATOR) if k.strip()]
    if isinstance(item, NumberItem):
        return _number(text)
    if _INTEGER.fullmatch(text):
        return int(text)
    return text  # an option key or a "don't know" key


def _number(text: str) -> int | float:
    if _INTEGER.fullmatch(text):
        return int(text)
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"'{_short(text)}' is not a number; write digits, e.g. 12 or 3.5")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"'{_short(text)}' is too large")
    return value


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def score_columns(instrument: Instrument, with_group: bool) -> list[str]:
    columns = ["overall", "level"]
    if instrument.phases is not None:
        columns.append("phase")
    columns += [d.key for d in instrument.walk_dimensions()]
    return ([GROUP_COLUMN] if with_group else []) + columns


def write_scores(
    stream: TextIO,
    instrument: Instrument,
    scores: BatchScores,
    groups: Sequence[str] | None,
) -> None:
    """One row per response, in input order; a missing score is an empty cell."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(score_columns(instrument, groups is not None))
    writer.writerows(_score_rows(instrument, scores, groups))


def _score_rows(
    instrument: Instrument, scores: BatchScores, groups: Sequence[str] | None
) -> Iterable[list[str]]:
    levels = [level.key for level in instrument.levels]
    phases = [c.key for c in instrument.phases.categories] if instrument.phases else None
    for i in range(len(scores.overall)):
        row = [_fmt(scores.overall[i]), _label(levels, int(scores.level[i]))]
        if phases is not None:
            row.append(_label(phases, int(scores.phase[i])))
        row += [_fmt(v) for v in scores.dimensions[i]]
        yield ([groups[i]] if groups is not None else []) + row


def _fmt(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.2f}"


def _label(keys: list[str], index: int) -> str:
    return keys[index] if index >= 0 else ""
