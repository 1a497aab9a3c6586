"""Reading XLSForm workbooks in their four shapes into plain rows of text.

.xlsx (via openpyxl, which parses its XML with defusedxml), .xls (xlrd), and
the CSV and Markdown-table forms, where the first column names the sheet.
Sheet names are lower-cased; each row keeps the place it came from, so any
later message can name it ("survey sheet, row 7" or "line 7").
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mognad.interop.report import ImportFailed
from mognad.interop.untrusted import MAX_COLUMNS, MAX_ROWS, check_zip


@dataclass(frozen=True)
class Row:
    place: str
    cells: tuple[str, ...]


Sheets = dict[str, list[Row]]
# Spreadsheet programs save formatted but empty rows, up to a million of them.
BLANK_RUN_ENDS_SHEET = 10_000


def read_sheets(data: bytes, source: str, suffix: str) -> Sheets:
    readers = {".xlsx": _xlsx, ".xls": _xls, ".csv": _csv, ".md": _markdown}
    return readers[suffix](data, source)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _limited(
    rows: Iterable[Iterable[object]], sheet: str, place: str
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Numbered non-blank rows; a long run of blank rows ends the sheet."""
    filled = blank = 0
    for n, row in enumerate(rows, start=1):
        cells = tuple(cell_text(c) for c in row)
        if not any(cells):
            blank += 1
            if blank >= BLANK_RUN_ENDS_SHEET:
                return
            continue
        blank, filled = 0, filled + 1
        if filled > MAX_ROWS:
            raise ImportFailed(f"{place} sheet '{sheet}'", f"more than {MAX_ROWS:,} rows")
        if len(cells) > MAX_COLUMNS:
            cells = _trimmed(cells, f"{place} sheet '{sheet}', row {n}")
        yield n, cells


def _trimmed(cells: tuple[str, ...], place: str) -> tuple[str, ...]:
    if any(cells[MAX_COLUMNS:]):
        raise ImportFailed(place, f"more than {MAX_COLUMNS} columns")
    return cells[:MAX_COLUMNS]


def _xlsx(data: bytes, source: str) -> Sheets:
    import openpyxl  # imported here: loading it costs time an unrelated import should not pay

    check_zip(data, source)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises anything from KeyError to XML errors
        raise ImportFailed(source, f"not a readable .xlsx workbook: {_reason(error)}") from None
    try:
        return {
            ws.title.strip().lower(): [
                Row(f"sheet '{ws.title}', row {n}", cells)
                for n, cells in _limited(ws.iter_rows(values_only=True), ws.title, source)
            ]
            for ws in book.worksheets
        }
    except ImportFailed:
        raise
    except Exception as error:
        raise ImportFailed(source, f"not a readable .xlsx workbook: {_reason(error)}") from None
    finally:
        book.close()


def _xls(data: bytes, source: str) -> Sheets:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as error:  # xlrd raises many kinds on a damaged file
        raise ImportFailed(source, f"not a readable .xls workbook: {_reason(error)}") from None
    sheets: Sheets = {}
    try:
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            rows = (ws.row_values(r) for r in range(ws.nrows))
            sheets[ws.name.strip().lower()] = [
                Row(f"sheet '{ws.name}', row {n}", cells)
                for n, cells in _limited(rows, ws.name, source)
            ]
    except ImportFailed:
        raise
    except Exception as error:
        raise ImportFailed(source, f"not a readable .xls workbook: {_reason(error)}") from None
    finally:
        book.release_resources()
    return sheets


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def _decoded(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFailed(f"{source}:{line}", "not UTF-8 text; save it as UTF-8") from None


def _csv(data: bytes, source: str) -> Sheets:
    text = _decoded(data, source)
    try:
        rows = list(_limited(csv.reader(io.StringIO(text, newline="")), "csv", source))
    except csv.Error as error:
        raise ImportFailed(source, f"not readable CSV: {error}") from None
    return _by_first_column(((f"line {n}", r) for n, r in rows), source)


def _markdown(data: bytes, source: str) -> Sheets:
    lines = _decoded(data, source).splitlines()
    if len(lines) > MAX_ROWS:
        raise ImportFailed(source, f"more than {MAX_ROWS:,} lines")
    rows = (
        (f"line {n}", tuple(cell.strip() for cell in line.strip().strip("|").split("|")))
        for n, line in enumerate(lines, 1)
        if line.strip().startswith("|") and not _RULE.match(line)
    )
    return _by_first_column(rows, source)


# The line under a Markdown table's header: |---|:--:|
_RULE = re.compile(r"^\s*\|[\s|:-]*-[\s|:-]*$")


def _by_first_column(rows: Iterable[tuple[str, tuple[str, ...]]], source: str) -> Sheets:
    """Sheets of the text forms: a row with a first cell starts a sheet of that name."""
    sheets: Sheets = {}
    current: list[Row] | None = None
    for place, cells in rows:
        if cells and cells[0]:
            current = sheets.setdefault(cells[0].strip().lower(), [])
        elif current is not None and any(cells[1:]):
            current.append(Row(place, cells[1:]))
    return sheets
