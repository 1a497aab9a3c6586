"""An instrument's texts as a spreadsheet for translators, and back.

The workbook has one sheet, `strings`: a header row (`key`, then one column per
declared language, the default first) and one row per text, keyed by its stable
string key (`items.q1.text`, see `mognad.core.strings`). Reading it back
changes only the texts it gives; an empty cell leaves a text as it was. Every
problem names the sheet, row and column; a key the instrument does not have, or
a language it does not declare, is refused rather than dropped.

The file is untrusted: its size, its number of archive entries and their
compression ratio are checked before the spreadsheet reader opens it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mognad.core.edit import translate
from mognad.core.model import Instrument
from mognad.core.strings import strings

SHEET: Final = "strings"
MAX_BYTES: Final = 5 * 1024 * 1024
MAX_ENTRIES: Final = 200
MAX_UNPACKED: Final = 50 * 1024 * 1024
MAX_RATIO: Final = 200
MAX_ROWS: Final = 20_000
MAX_TEXT: Final = 5000


class TranslationFileError(ValueError):
    """A translation spreadsheet that cannot be used; `problems` names each place."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def languages_in_order(instrument: Instrument) -> list[str]:
    """The default language first, then the others as declared."""
    default = instrument.default_language
    return [default, *(lang for lang in instrument.languages if lang != default)]


def export_translations(instrument: Instrument) -> bytes:
    """The workbook of every text of the instrument, one row each."""
    langs = languages_in_order(instrument)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(["key", *langs])
    for string in strings(instrument):
        sheet.append([string.key, *(string.get(lang) for lang in langs)])
    _style(sheet, len(langs))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _style(sheet: Any, languages: int) -> None:
    sheet.freeze_panes = "B2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 36
    for column in range(2, languages + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 60
    for row in sheet.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def import_translations(instrument: Instrument, data: bytes, filename: str) -> Instrument:
    """The instrument with the texts of the workbook; TranslationFileError on any problem."""
    read = read_translations(instrument, data, filename)
    if read.problems:
        raise TranslationFileError(read.problems)
    for lang, texts in read.texts.items():
        instrument = translate(instrument, lang, texts)
    return instrument


@dataclass
class Read:
    """What a workbook gives: texts per language and key, and every problem, placed."""

    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_translations(instrument: Instrument, data: bytes, filename: str) -> Read:
    """The non-empty texts of the workbook by language and key, with its problems."""
    refused = _archive_problem(data)
    if refused:
        return Read(problems=[f"{filename}: {refused}"])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        return Read(
            problems=[f"{filename}: not a readable .xlsx workbook ({type(error).__name__})"]
        )
    try:
        if SHEET not in book.sheetnames:
            names = ", ".join(book.sheetnames)
            return Read(problems=[f"{filename}: no sheet named '{SHEET}' (found: {names})"])
        return _Reader(instrument, f"{filename}, sheet '{SHEET}'").read(book[SHEET].iter_rows())
    finally:
        book.close()


def _archive_problem(data: bytes) -> str | None:
    if len(data) > MAX_BYTES:
        return f"the file is {len(data) // 1024} KiB; the limit is {MAX_BYTES // 1024} KiB"
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        return "not an .xlsx workbook (an .xlsx file is a zip archive; save it as .xlsx)"
    if len(entries) > MAX_ENTRIES:
        return f"the workbook holds {len(entries)} parts; at most {MAX_ENTRIES} are accepted"
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        return "the workbook unpacks to far more than its size; it is refused as unsafe"
    return None


class _Reader:
    def __init__(self, instrument: Instrument, place: str) -> None:
        self.place = place
        self.langs = set(instrument.languages)
        self.keys = {s.key for s in strings(instrument)}
        self.result = Read()
        self.columns: dict[int, str] = {}

    def read(self, rows: Iterator[tuple[Any, ...]]) -> Read:
        header = next(rows, None)
        if header is None or not self._header(header):
            return self.result
        seen: dict[str, int] = {}
        for number, row in enumerate(rows, start=2):
            if number > MAX_ROWS:
                self._problem(number, None, f"more than {MAX_ROWS} rows; this is not a string list")
                break
            self._row(number, row, seen)
        return self.result

    def _header(self, header: tuple[Any, ...]) -> bool:
        names = [_text(cell.value) for cell in header]
        if not names or names[0] != "key":
            self._problem(1, 1, "the first column must be headed 'key'")
            return False
        for column, name in enumerate(names[1:], start=2):
            if not name:
                continue
            if name not in self.langs:
                declared = ", ".join(sorted(self.langs))
                message = (
                    f"'{name}' is not a language of this instrument ({declared}); add it first"
                )
                self._problem(1, column, message)
            self.columns[column] = name
        return not self.result.problems

    def _row(self, number: int, row: tuple[Any, ...], seen: dict[str, int]) -> None:
        key = _text(row[0].value) if row else ""
        if not key:
            if any(_text(cell.value) for cell in row[1:]):
                self._problem(number, 1, "texts without a key; put the string key in column A")
            return
        if key not in self.keys:
            self._problem(number, 1, f"unknown key '{key}'; it names no text of this instrument")
            return
        if key in seen:
            self._problem(number, 1, f"the key '{key}' is also on row {seen[key]}; keep one row")
            return
        seen[key] = number
        for column, lang in self.columns.items():
            self._cell(number, column, key, lang, row)

    def _cell(self, number: int, column: int, key: str, lang: str, row: tuple[Any, ...]) -> None:
        text = _text(row[column - 1].value) if column <= len(row) else ""
        if len(text) > MAX_TEXT:
            self._problem(number, column, f"the text is {len(text)} characters; at most {MAX_TEXT}")
        elif text:
            self.result.texts.setdefault(lang, {})[key] = text

    def _problem(self, row: int, column: int | None, message: str) -> None:
        where = f"row {row}" + (f", column {get_column_letter(column)}" if column else "")
        self.result.problems.append(f"{self.place}, {where}: {message}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
