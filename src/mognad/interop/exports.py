"""Exports of a round's responses and scores: rows, codebook, CSV, JSON and XLSX.

Everything here is plain data in, text or bytes out, one response at a time, so an export
of any size runs in constant memory. What may leave the system is decided by the
anonymity gate (`mognad.core.analysis`), as for every other path:

- nothing at all when the round has fewer than k responses;
- a response's group is named only when the gate shows that group on its own; groups it
  merges appear as OTHER ("other groups"), and groups it hides appear as no group;
- free-text answers only in rows whose shown group (or "other groups", or everyone when
  no group is named) has at least 10 people, since a text is read as coming from it;
- no time of submission and no language: either could single out a respondent.

A cell of text that a spreadsheet would run as a formula (starting with = + - @, a tab or
a carriage return) is prefixed with an apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter

from mognad.core.analysis import OTHER, TEXT_MIN, GatePlan, plan_groups
from mognad.core.model import (
    ChoiceItem,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    PairItem,
    ScaleItem,
    TextItem,
)

Cell = str | int | float | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FLUSH_ROWS = 500


@dataclass(frozen=True)
class Words:
    """The codebook's own words in the chosen language (the caller translates them)."""

    column: str
    description: str
    values: str
    group: str
    other_groups: str
    overall: str
    level: str
    phase: str
    score: str  # "score, 0–100"
    ticked: str  # how a multiple-choice cell lists the options ticked
    free_text: str
    blank: str  # what an empty cell means


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    values: str


@dataclass(frozen=True)
class Source:
    """One stored response: its group's key, its answers and its stored scores."""

    group: str
    answers: Mapping[str, Any]
    scores: Mapping[str, Any]


class RoundExport:
    """The columns and rows of one round's export in one language, through the gate."""

    def __init__(
        self,
        instrument: Instrument,
        lang: str,
        words: Words,
        names: Mapping[str, str],
        sizes: Mapping[str, int],
        k: int,
    ) -> None:
        self.instrument = instrument
        self.lang = lang if lang in instrument.languages else instrument.default_language
        self.words = words
        self.names = dict(names)
        self.plan: GatePlan = plan_groups(sizes, k)
        self.dimensions = [d.key for d in instrument.walk_dimensions()]
        self.items = [item for _, item in instrument.walk_items()]
        self.kinds = [(item.key, _kind(item)) for item in self.items]
        self.columns = self._columns()

    @property
    def shown(self) -> bool:
        """Whether any row may be exported: the overall must be shown."""
        return self.plan.overall_shown

    def row(self, source: Source) -> list[Cell] | None:
        """The cells of one response, or None when the gate leaves it out."""
        if not self.shown:
            return None
        scores = source.scores
        by_dim = scores.get("dimensions") or {}
        phases = scores.get("dimension_phases") or {}
        cells: list[Cell] = [self._group(source.group), _number(scores.get("overall"))]
        cells += [_key(scores.get("level")), _key(scores.get("phase"))]
        cells += [_number(by_dim.get(d)) for d in self.dimensions]
        if self.instrument.phases is not None:
            cells += [_key(phases.get(d)) for d in self.dimensions]
        text = self._text_allowed(source.group)
        answers = source.answers
        for key, kind in self.kinds:
            cells += _answer_cells(kind, answers.get(key), text)
        return [neutralised(cell) if type(cell) is str else cell for cell in cells]

    def rows(self, sources: Iterable[Source]) -> Iterator[list[Cell]]:
        for source in sources:
            row = self.row(source)
            if row is not None:
                yield row

    def _group(self, key: str) -> str:
        if key in self.plan.visible:
            return key
        return OTHER if key in self.plan.merged else ""

    def _text_allowed(self, key: str) -> bool:
        """Free text only in rows whose shown group (or merged groups, or everyone when no
        group is named) has at least TEXT_MIN people: a text is attributed to its label."""
        label = self._group(key)
        if label == OTHER:
            size = self.plan.size(OTHER)
        else:
            size = self.plan.counts[key] if label else self.plan.total
        return size >= max(self.plan.k, TEXT_MIN)

    # --- the codebook -------------------------------------------------------------------

    def _columns(self) -> list[Column]:
        w, text = self.words, self._text
        columns = [
            Column("group", w.group, self._group_values()),
            Column("overall", w.overall, f"0–100; {w.blank}"),
            Column("level", w.level, self._level_values()),
            Column("phase", w.phase, self._category_values()),
        ]
        columns += [
            Column(f"score:{d.key}", f"{text(d.title)}: {w.score}", f"0–100; {w.blank}")
            for d in self.instrument.walk_dimensions()
        ]
        if self.instrument.phases is not None:
            columns += [
                Column(f"phase:{d.key}", f"{text(d.title)}: {w.phase}", self._category_values())
                for d in self.instrument.walk_dimensions()
            ]
        for item in self.items:
            columns += self._item_columns(item)
        return [
            Column(*(str(neutralised(v)) for v in (c.name, c.description, c.values)))
            for c in columns
        ]

    def _text(self, local: Any) -> str:
        return self.instrument.text(local, self.lang)

    def _group_values(self) -> str:
        shown = [f"{key} = {self.names.get(key, key)}" for key in self.plan.visible]
        if self.plan.merged:
            merged = ", ".join(self.names.get(key, key) for key in self.plan.merged)
            shown.append(f"{OTHER} = {self.words.other_groups} ({merged})")
        return "; ".join([*shown, self.words.blank])

    def _level_values(self) -> str:
        levels = [f"{lv.key} = {self._text(lv.title)}" for lv in self.instrument.levels]
        return "; ".join([*levels, self.words.blank])

    def _category_values(self) -> str:
        phases = self.instrument.phases
        categories = (
            [f"{c.key} = {self._text(c.title)}" for c in phases.categories] if phases else []
        )
        return "; ".join([*categories, self.words.blank])

    def _item_columns(self, item: Item) -> list[Column]:
        title = self._text(item.text)
        if isinstance(item, PairItem):
            values = self._scale_values(self.instrument.resolve_scale(item))
            return [
                Column(
                    f"{item.key}:importance", f"{title} — {self._text(item.importance)}", values
                ),
                Column(
                    f"{item.key}:performance", f"{title} — {self._text(item.performance)}", values
                ),
            ]
        return [Column(item.key, title, self._values(item))]

    def _values(self, item: Item) -> str:
        blank = self.words.blank
        if isinstance(item, ScaleItem):
            return self._scale_values(self.instrument.resolve_scale(item))
        if isinstance(item, ChoiceItem):
            options = self.instrument.resolve_options(item)
            return "; ".join([*(f"{o.key} = {self._text(o.label)}" for o in options), blank])
        if isinstance(item, MultiItem):
            ticked = "; ".join(f"{o.key} = {self._text(o.label)}" for o in item.options)
            return f"{self.words.ticked}: {ticked}; {blank}"
        if isinstance(item, NumberItem):
            return f"{_plain(item.min)}–{_plain(item.max)}; {blank}"
        return f"{self.words.free_text}; {blank}"

    def _scale_values(self, scale: Any) -> str:
        labels = {point.value: self._text(point.label) for point in scale.labels}
        points = [
            f"{v} = {labels[v]}" if v in labels else str(v) for v in range(scale.min, scale.max + 1)
        ]
        missing = [f"{m.key} = {self._text(m.label)}" for m in scale.missing]
        return "; ".join([*points, *missing, self.words.blank])

    def codebook(self) -> list[list[str]]:
        """The codebook as rows: a header, then one row per column of the export."""
        w = self.words
        return [[w.column, w.description, w.values]] + [
            [c.name, c.description, c.values] for c in self.columns
        ]


PLAIN, PAIR, TEXT, MULTI = "plain", "pair", "text", "multi"
PLAIN_TYPES = (str, int, float, type(None))  # exact types: a bool is not a number here


def _kind(item: Item) -> str:
    """How an item's answer becomes cells, worked out once rather than per response."""
    if isinstance(item, PairItem):
        return PAIR
    if isinstance(item, TextItem):
        return TEXT
    return MULTI if isinstance(item, MultiItem) else PLAIN


def _answer_cells(kind: str, value: Any, text: bool) -> list[Cell]:
    if kind == PLAIN:
        return [value if type(value) in PLAIN_TYPES else str(value)]
    if kind == PAIR:
        parts = value if isinstance(value, Mapping) else {}
        return [_plain_cell(parts.get("importance")), _plain_cell(parts.get("performance"))]
    if kind == TEXT:
        return [value if text and type(value) is str else None]
    return [";".join(str(v) for v in value) if type(value) is list else _plain_cell(value)]


def _plain_cell(value: Any) -> Cell:
    return value if type(value) in PLAIN_TYPES else str(value)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value), 4)
    return None


def _key(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def neutralised(cell: Cell) -> Cell:
    """Text a spreadsheet would run as a formula, made inert; other cells unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


# --- writers --------------------------------------------------------------------------


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """CSV text in chunks of a few hundred rows: the header, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % FLUSH_ROWS == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def json_chunks(export: RoundExport, rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """One JSON document: the codebook's columns, then one object per response."""
    names = [c.name for c in export.columns]
    columns = [
        {"name": c.name, "description": c.description, "values": c.values} for c in export.columns
    ]
    yield '{"columns": ' + json.dumps(columns, ensure_ascii=False) + ', "responses": ['
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def write_xlsx(
    export: RoundExport, rows: Iterable[Sequence[Cell]], target: IO[bytes], sheets: tuple[str, str]
) -> None:
    """A workbook with the responses and the codebook, written row by row (constant memory).

    `sheets` names the two sheets in the chosen language.
    """
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    responses = workbook.add_worksheet(sheets[0][:31])
    responses.write_row(0, 0, [c.name for c in export.columns])
    for number, row in enumerate(rows, start=1):
        responses.write_row(number, 0, row)
    codebook = workbook.add_worksheet(sheets[1][:31])
    for number, row in enumerate(export.codebook()):
        codebook.write_row(number, 0, row)
    workbook.close()
