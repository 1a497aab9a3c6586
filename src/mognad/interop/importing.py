"""One entry point for every importer: `import_instrument(data, filename)`.

The format is chosen by the file name's extension and confirmed by the first
bytes, so a renamed file gets a message about what it really is. The result is
always a lint-clean instrument and a report of what was kept and dropped; a
file that cannot be imported raises `ImportFailed` naming the place and reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from mognad.interop.build import build
from mognad.interop.draft import Draft
from mognad.interop.limesurvey import import_lss
from mognad.interop.report import ImportFailed, ImportReport, ImportResult, Note
from mognad.interop.surveyjs import import_surveyjs
from mognad.interop.untrusted import MAX_BYTES, check_size
from mognad.interop.xlsform import import_xlsform

__all__ = [
    "EXTENSIONS",
    "MAX_BYTES",
    "ImportFailed",
    "ImportReport",
    "ImportResult",
    "Note",
    "import_instrument",
]

Reader = Callable[[bytes, str], Draft]

_READERS: dict[str, Reader] = {
    ".xlsx": import_xlsform,
    ".xls": import_xlsform,
    ".csv": import_xlsform,
    ".md": import_xlsform,
    ".json": import_surveyjs,
    ".lss": import_lss,
}
EXTENSIONS = tuple(_READERS)
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def import_instrument(data: bytes, filename: str) -> ImportResult:
    """The instrument in `data` (named `filename`) with its import report."""
    source = PurePath(filename).name or "upload"
    check_size(data, source)
    suffix = PurePath(source).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        known = ", ".join(EXTENSIONS)
        raise ImportFailed(
            source, f"unknown kind of file '{suffix or source}'; Mognad imports {known}"
        )
    _check_magic(data, source, suffix)
    return build(reader(data, source))


def _check_magic(data: bytes, source: str, suffix: str) -> None:
    if suffix == ".xlsx" and not data.startswith(_ZIP):
        hint = " (it looks like an old .xls workbook)" if data.startswith(_OLE) else ""
        raise ImportFailed(source, f"not an .xlsx workbook{hint}")
    if suffix == ".xls" and not data.startswith(_OLE):
        hint = " (it looks like an .xlsx workbook)" if data.startswith(_ZIP) else ""
        raise ImportFailed(source, f"not an .xls workbook{hint}")
