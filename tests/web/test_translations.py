"""The committed translation catalogs are complete and compiled from their sources."""

import ast
import gettext
from pathlib import Path

import pytest

import mognad.web

LOCALE = Path(mognad.web.__file__).parent / "locale"
LANGUAGES = ["sv", "de", "nl"]


def _unquote(line: str) -> str:
    value = ast.literal_eval(line)
    assert isinstance(value, str)
    return value


def _po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file with simple (non-plural, no context) entries."""
    entries: dict[str, str] = {}
    key, parts = "", {"msgid": "", "msgstr": ""}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            parts[key] = _unquote(rest)
        elif line.startswith('"'):
            parts[key] += _unquote(line)
        elif not line and parts["msgid"]:
            entries[parts["msgid"]] = parts["msgstr"]
            parts = {"msgid": "", "msgstr": ""}
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    """No entry of the catalog is left empty."""
    entries = _po_entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) >= 10
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_source(language):
    """The .mo file gives every translation of the .po file: it was compiled after the edit."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = _po_entries(folder / "django.po")
    stale = {msgid: compiled.gettext(msgid) for msgid, msgstr in entries.items()}
    assert stale == entries
