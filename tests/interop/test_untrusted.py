"""Hostile files are refused cleanly, with the limit they broke and where."""

import io
import zipfile

import pytest

from mognad.interop.importing import MAX_BYTES, ImportFailed, import_instrument
from mognad.interop.untrusted import MAX_ROWS, MAX_ZIP_ENTRIES

from .test_xlsform import workbook

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"/>'
)


def archive(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members:
            zipped.writestr(name, data)
    return buffer.getvalue()


def refused(data, name):
    with pytest.raises(ImportFailed) as error:
        import_instrument(data, name)
    return str(error.value)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = archive([("[Content_Types].xml", CONTENT_TYPES), ("xl/sheet1.xml", b"\0" * 30_000_000)])
    assert len(bomb) < 100_000
    message = refused(bomb, "bomb.xlsx")
    assert message.startswith("bomb.xlsx: xl/sheet1.xml: compressed")
    assert "a zip bomb?" in message


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/abs/path.xml", "C:\\evil.xml"])
def test_a_member_with_an_unsafe_name_is_refused(name):
    data = archive([("[Content_Types].xml", CONTENT_TYPES), (name, b"x")])
    assert "an unsafe file name inside the archive" in refused(data, "slip.xlsx")


def test_an_archive_with_too_many_members_is_refused():
    data = archive([(f"m{n}.xml", b"") for n in range(MAX_ZIP_ENTRIES + 1)])
    assert f"holds {MAX_ZIP_ENTRIES + 1:,} files" in refused(data, "many.xlsx")


def test_a_file_over_the_size_limit_is_refused_by_its_size():
    message = refused(b"x" * (MAX_BYTES + 1), "big.csv")
    assert (
        message == f"big.csv: the file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} bytes"
    )


def test_a_million_rows_are_refused_at_the_row_limit():
    rows = b"survey\n,type,name,label\n" + b",text,q,Q\n" * 1_000_000
    assert len(rows) <= MAX_BYTES
    assert refused(rows, "rows.csv") == f"rows.csv sheet 'csv': more than {MAX_ROWS:,} rows"


def test_a_million_row_workbook_is_refused():
    """Within the upload limit a million rows can only be repetitive: the ratio stops them."""
    rows = b'<row><c t="inlineStr"><is><t>text</t></is></c></row>' * 1_000_000
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    sheet += b"<sheetData>" + rows + b"</sheetData></worksheet>"
    data = archive([("[Content_Types].xml", CONTENT_TYPES), ("xl/worksheets/sheet1.xml", sheet)])
    assert "compressed 343 to 1" in refused(data, "rows.xlsx")


def test_an_entity_inside_a_workbook_is_refused():
    """openpyxl reads the sheets' XML through defusedxml: a DTD stops the import."""
    good = zipfile.ZipFile(io.BytesIO(workbook()))
    members = []
    for info in good.infolist():
        data = good.read(info)
        if info.filename == "xl/worksheets/sheet1.xml":
            data = data.replace(
                b"<worksheet",
                b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet',
                1,
            )
        members.append((info.filename, data))
    assert "not a readable .xlsx workbook" in refused(archive(members), "xxe.xlsx")


def test_script_in_a_label_is_kept_as_inert_text():
    """The instrument holds the text as it was; every page escapes what it shows."""
    script = "<script>alert('x')</script>"
    form = f"| survey |\n| | type | name | label |\n| | select_one yn | q | {script} |\n"
    form += "| choices |\n| | list_name | name | label |\n| | yn | 1 | <b onclick=x>a</b> |\n"
    form += "| | yn | 2 | b |\n"
    result = import_instrument(form.encode(), "form.md")
    item = next(item for _, item in result.instrument.walk_items())
    assert item.text == {"en": script}
    assert item.options[0].label == {"en": "<b onclick=x>a</b>"}


def test_text_that_is_not_utf8_is_refused_with_its_line():
    assert refused(b"survey\n,type\n\xff\xfe", "form.csv") == (
        "form.csv:3: not UTF-8 text; save it as UTF-8"
    )
