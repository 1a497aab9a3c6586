"""Instrument to XLSForm (.xlsx): what XLSForm can express, and a list of what it cannot.

Dimensions become groups, items select_one / select_multiple / integer /
decimal / text rows, every text one `label::Name (code)` column per language.
Option scores (and multiple-choice weights) go in a `score` column of the
choices sheet, which XLSForm tools ignore and `import_instrument` reads back.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from mognad.core.model import (
    AllOf,
    AnyOf,
    ChoiceItem,
    Compare,
    Dimension,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    Option,
    PairItem,
    ScaleItem,
    TextItem,
)
from mognad.interop.languages import NAMES

_LANGUAGE_NAMES = {code: name.title() for name, code in NAMES.items() if name != "kiswahili"}


@dataclass
class Exported:
    data: bytes
    left_out: list[str] = field(default_factory=list)


def export_xlsform(instrument: Instrument) -> Exported:
    """The instrument as an XLSForm workbook, and what XLSForm could not carry."""
    writer = _Writer(instrument)
    for dim in instrument.dimensions:
        writer.dimension(dim)
    writer.left_out_features()
    return Exported(writer.workbook(), writer.left_out)


def language_column(code: str) -> str:
    return f"{_LANGUAGE_NAMES.get(code.split('-')[0], code)} ({code})"


class _Writer:
    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.langs = instrument.languages
        columns = [language_column(lang) for lang in self.langs]
        self.survey: list[list[object]] = [
            ["type", "name", *(f"label::{c}" for c in columns), *(f"hint::{c}" for c in columns),
             "required", "relevant", "constraint"]
        ]  # fmt: skip
        self.choices: list[list[object]] = [
            [
                "list_name",
                "name",
                *(f"label::{c}" for c in columns),
                "score",
                "missing",
                "exclusive",
            ]
        ]
        self.left_out: list[str] = []

    def _texts(self, local: dict[str, str] | None) -> list[object]:
        return [(local or {}).get(lang, "") for lang in self.langs]

    def _row(self, kind: str, name: str, label: dict[str, str] | None, **extra: object) -> None:
        help_text = extra.get("hint")
        self.survey.append(
            [kind, name, *self._texts(label),
             *self._texts(help_text if isinstance(help_text, dict) else None),
             extra.get("required", ""), extra.get("relevant", ""), extra.get("constraint", "")]
        )  # fmt: skip

    def dimension(self, dim: Dimension) -> None:
        self._row("begin_group", dim.key, dim.title)
        for item in dim.items:
            self.item(item)
        for child in dim.dimensions:
            self.dimension(child)
        self._row("end_group", "", None)
        if dim.weight != 1:
            self.left_out.append(f"dimension {dim.key}: weight {dim.weight:g}")

    def item(self, item: Item) -> None:
        kind = self._kind(item)
        if kind is None:
            return
        relevant = self._relevant(item)
        self._row(kind, item.key, item.text, hint=item.help,
                  required="yes" if item.required else "", relevant=relevant,
                  constraint=self._constraint(item))  # fmt: skip
        if item.weight != 1:
            self.left_out.append(f"item {item.key}: weight {item.weight:g}")
        if getattr(item, "reverse", False):
            self.left_out.append(f"item {item.key}: reverse scoring")

    def _kind(self, item: Item) -> str | None:
        if isinstance(item, ScaleItem):
            scale = self.instrument.resolve_scale(item)
            labels = {p.value: p.label for p in scale.labels}
            points = [(str(v), labels.get(v) or {lang: str(v) for lang in self.langs}, float(v))
                      for v in range(scale.min, scale.max + 1)]  # fmt: skip
            self._choice_list(item.key, points)
            self._choice_list(item.key, [(m.key, m.label, None) for m in scale.missing], True)
            return f"select_one {item.key}"
        if isinstance(item, ChoiceItem | MultiItem):
            return self._options_item(item)
        if isinstance(item, NumberItem):
            return "integer" if item.integer else "decimal"
        if isinstance(item, TextItem):
            return "text"
        if isinstance(item, PairItem):
            self.left_out.append(f"item {item.key}: importance/performance pairs")
        return None

    def _options_item(self, item: ChoiceItem | MultiItem) -> str:
        options: list[Option] = (
            self.instrument.resolve_options(item) if isinstance(item, ChoiceItem) else item.options
        )
        multi = isinstance(item, MultiItem)
        counted = [o for o in options if not o.missing]
        self._choice_list(item.key, [
            (o.key, o.label, (o.tick_weight if multi else o.choice_score) if item.scored else None)
            for o in counted
        ])  # fmt: skip
        self._choice_list(item.key, [(o.key, o.label, None) for o in options if o.missing], True)
        for row in self.choices[-len(options) :]:
            row.append("yes" if any(o.key == row[1] and o.exclusive for o in options) else "")
        if any(o.points for o in options):
            self.left_out.append(f"item {item.key}: phase points of its options")
        return f"{'select_multiple' if multi else 'select_one'} {item.key}"

    def _choice_list(
        self,
        name: str,
        points: Sequence[tuple[str, dict[str, str], float | None]],
        missing: bool = False,
    ) -> None:
        for key, label, score in points:
            self.choices.append(
                [name, key, *self._texts(label), "" if score is None else score,
                 "yes" if missing else ""]
            )  # fmt: skip

    def _constraint(self, item: Item) -> str:
        if isinstance(item, NumberItem):
            return f". >= {item.min:g} and . <= {item.max:g}"
        return ""

    def _relevant(self, item: Item) -> str:
        condition = item.show_if
        if condition is None:
            return ""
        tests = condition.all if isinstance(condition, AllOf) else (
            condition.any if isinstance(condition, AnyOf) else [condition])  # fmt: skip
        if isinstance(condition, Compare) and condition.in_ is not None:
            ref = f"${{{condition.item}}}"
            return " or ".join(f"{ref} = {_literal(v)}" for v in condition.in_)
        parts = [_expression(test) for test in tests]
        if any(p is None for p in parts):
            self.left_out.append(f"item {item.key}: its condition")
            return ""
        return (" or " if isinstance(condition, AnyOf) else " and ").join(
            p for p in parts if p is not None
        )

    def left_out_features(self) -> None:
        instrument = self.instrument
        for what, present in (
            ("levels", instrument.levels),
            ("phases", instrument.phases),
            ("recommendations", instrument.recommendations),
            ("authors and licence", instrument.authors or instrument.licence),
            ("scoring rules (min_answered)", instrument.scoring != type(instrument.scoring)()),
        ):
            if present:
                self.left_out.append(f"the instrument's {what}")

    def workbook(self) -> bytes:
        import openpyxl

        book = openpyxl.Workbook()
        sheets: dict[str, list[list[object]]] = {
            "survey": self.survey,
            "choices": self.choices,
            "settings": [
                ["form_title", "form_id", "version", "default_language",
                 *(f"form_title::{language_column(lang)}" for lang in self.langs)],
                [self.instrument.text(self.instrument.title), self.instrument.id,
                 self.instrument.version, language_column(self.instrument.default_language),
                 *self._texts(self.instrument.title)],
            ],
        }  # fmt: skip
        for blank in list(book.worksheets):
            book.remove(blank)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _literal(value: int | float | str) -> str:
    return f"{value:g}" if isinstance(value, int | float) else f"'{value}'"


def _expression(test: Compare) -> str | None:
    ref = f"${{{test.item}}}"
    if test.equals is not None:
        return f"{ref} = {_literal(test.equals)}"
    if test.includes is not None:
        return f"selected({ref}, '{test.includes}')"
    if test.at_least is not None:
        return f"{ref} >= {test.at_least:g}"
    if test.at_most is not None:
        return f"{ref} <= {test.at_most:g}"
    return None
