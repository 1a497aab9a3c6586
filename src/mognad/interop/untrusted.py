"""Guards for files from strangers: size, archives, XML and JSON.

Every check runs before a parser sees the bytes, so a zip bomb, an XML entity
bomb or a file with a million rows is refused in milliseconds with a message
that says what limit it broke.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any, Final
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from mognad.interop.report import ImportFailed

MAX_BYTES: Final = 10 * 1024 * 1024
MAX_ROWS: Final = 20_000
MAX_COLUMNS: Final = 500
MAX_ZIP_ENTRIES: Final = 1_000
MAX_UNZIPPED: Final = 100 * 1024 * 1024
MAX_RATIO: Final = 200
# Small members (styles, empty sheets) compress far better than content ever does.
RATIO_FREE_BYTES: Final = 1024 * 1024
MAX_DEPTH: Final = 32


def check_size(data: bytes, source: str) -> None:
    if len(data) > MAX_BYTES:
        raise ImportFailed(
            source, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes"
        )
    if not data.strip():
        raise ImportFailed(source, "the file is empty")


def check_zip(data: bytes, source: str) -> None:
    """Refuses an archive that is too big unpacked, too dense, too many or badly named."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFailed(source, f"not a readable .xlsx (zip) file: {error}") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportFailed(source, f"the archive holds {len(entries):,} files; the limit is "
                           f"{MAX_ZIP_ENTRIES:,}")  # fmt: skip
    total = 0
    for entry in entries:
        _check_entry(entry, source)
        total += entry.file_size
    if total > MAX_UNZIPPED:
        raise ImportFailed(
            source, f"the archive unpacks to {total:,} bytes; the limit is {MAX_UNZIPPED:,}"
        )


def _check_entry(entry: zipfile.ZipInfo, source: str) -> None:
    name = entry.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or ":" in name or "\x00" in name:
        raise ImportFailed(f"{source}: {name!r}", "an unsafe file name inside the archive")
    if entry.file_size > RATIO_FREE_BYTES:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > MAX_RATIO:
            raise ImportFailed(
                f"{source}: {name}",
                f"compressed {ratio:,.0f} to 1 (the limit is {MAX_RATIO} to 1): a zip bomb?",
            )


def parse_xml(data: bytes, source: str) -> Element:
    """The root element; DTDs, entities and external references are refused."""
    try:
        root: Element = fromstring(data, forbid_dtd=True, forbid_entities=True,
                                   forbid_external=True)  # fmt: skip
    except DefusedXmlException as error:
        raise ImportFailed(source, f"refused XML: {type(error).__name__} ({error})") from None
    except ParseError as error:
        line, column = getattr(error, "position", (1, 0))
        raise ImportFailed(
            f"{source}:{line}:{column + 1}", f"not well-formed XML: {error}"
        ) from None
    return root


def parse_json(data: bytes, source: str) -> Any:
    """The JSON value; nesting too deep for the parser is refused like any other error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            source, f"not UTF-8 text (byte {error.start:,}); save it as UTF-8"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"{source}:{error.lineno}:{error.colno}", f"not valid JSON: {error.msg}"
        ) from None
    except (RecursionError, ValueError) as error:
        raise ImportFailed(source, f"not valid JSON: {error}") from None
