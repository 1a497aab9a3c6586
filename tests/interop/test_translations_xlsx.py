"""Strings for translators as XLSX: exported one row per text, read back with placed errors."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from mognad.core import edit
from mognad.core.strings import strings, translation_completeness
from mognad.instruments import find_builtin
from mognad.interop.translations_xlsx import (
    TranslationFileError,
    export_translations,
    import_translations,
)


def _instrument():
    instrument = find_builtin("people-first")
    assert instrument is not None
    return instrument


def _book(rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "strings"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_has_one_row_per_text_and_one_column_per_language():
    """Header key + languages, default first; one row per string key."""
    instrument = _instrument()
    sheet = load_workbook(io.BytesIO(export_translations(instrument)))["strings"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("key", "en", "sv", "de", "nl")
    assert [r[0] for r in rows[1:]] == [s.key for s in strings(instrument)]
    assert rows[1][1] == instrument.title["en"]


def test_a_translated_export_imports_back_into_a_new_language():
    """A translator fills a Finnish column; importing it makes Finnish complete."""
    instrument = edit.add_language(_instrument(), "fi")
    book = load_workbook(io.BytesIO(export_translations(instrument)))
    sheet = book["strings"]
    for row in sheet.iter_rows(min_row=2):
        row[5].value = f"fi: {row[0].value}"
    out = io.BytesIO()
    book.save(out)
    imported = import_translations(instrument, out.getvalue(), "fi.xlsx")
    assert translation_completeness(imported)["fi"] == 1
    assert edit.problems(imported) == []
    assert imported.title["en"] == instrument.title["en"]


def test_an_unknown_key_is_rejected_naming_its_row_and_column():
    """A row whose key names no text is an error at that row, column A; nothing is applied."""
    data = _book([["key", "en", "sv"], ["title", "T", "T sv"], ["items.nope.text", "x", "y"]])
    with pytest.raises(TranslationFileError) as error:
        import_translations(_instrument(), data, "t.xlsx")
    assert error.value.problems == [
        "t.xlsx, sheet 'strings', row 3, column A: unknown key 'items.nope.text'; "
        "it names no text of this instrument"
    ]


def test_an_undeclared_language_column_is_rejected_naming_the_column():
    """A column headed with a language the instrument does not declare is refused."""
    data = _book([["key", "en", "fi"], ["title", "T", "Otsikko"]])
    with pytest.raises(TranslationFileError, match="row 1, column C: 'fi' is not a language"):
        import_translations(_instrument(), data, "t.xlsx")


def test_empty_cells_leave_texts_as_they_were():
    """Only the cells given change; an empty Swedish cell keeps the Swedish text."""
    instrument = _instrument()
    data = _book([["key", "en", "sv"], ["title", "Digital maturity, our way", None]])
    imported = import_translations(instrument, data, "t.xlsx")
    assert imported.title["en"] == "Digital maturity, our way"
    assert imported.title["sv"] == instrument.title["sv"]


def test_a_duplicate_key_and_a_missing_header_are_placed():
    """The second row of a key and a sheet without 'key' heading are both named."""
    data = _book([["key", "en"], ["title", "A"], ["title", "B"]])
    with pytest.raises(
        TranslationFileError, match="row 3, column A: the key 'title' is also on row 2"
    ):
        import_translations(_instrument(), data, "t.xlsx")
    with pytest.raises(TranslationFileError, match="row 1, column A: the first column"):
        import_translations(_instrument(), _book([["id", "en"]]), "t.xlsx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "not an .xlsx workbook"),
        (b"PK\x03\x04broken", "not an .xlsx workbook"),
        (b"x" * (6 * 1024 * 1024), "the limit is"),
    ],
)
def test_files_that_are_not_workbooks_are_refused_clearly(data, message):
    """Garbage, a broken archive and an oversized file each get one clear problem."""
    with pytest.raises(TranslationFileError, match=message):
        import_translations(_instrument(), data, "t.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    """A small archive that unpacks to 60 MB is refused by its compression ratio."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(TranslationFileError, match="unsafe"):
        import_translations(_instrument(), out.getvalue(), "bomb.xlsx")
