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


def _po_entries(path: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    """(msgid, msgid_plural) -> translations of a .po file without message contexts.

    A plain entry has an empty msgid_plural and one translation; a plural entry has one
    translation per plural form (msgstr[0], msgstr[1], …).
    """
    entries: dict[tuple[str, str], tuple[str, ...]] = {}
    parts: dict[str, str] = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if line.startswith(("msgid", "msgstr")):
            key, _, rest = line.partition(" ")
            parts[key] = _unquote(rest)
        elif line.startswith('"'):
            parts[key] += _unquote(line)
        elif not line and parts.get("msgid"):
            forms = [v for k, v in sorted(parts.items()) if k.startswith("msgstr")]
            entries[(parts["msgid"], parts.get("msgid_plural", ""))] = tuple(forms)
            parts = {}
        elif not line:
            parts = {}
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    """No entry of the catalog is left empty."""
    entries = _po_entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) >= 10
    assert [msgid for msgid, forms in entries.items() if not all(forms)] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_source(language):
    """The .mo file gives every translation of the .po file: it was compiled after the edit."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = _po_entries(folder / "django.po")
    assert {key: _compiled(compiled, *key) for key in entries} == entries


def _compiled(catalog: gettext.GNUTranslations, msgid: str, plural: str) -> tuple[str, ...]:
    if not plural:
        return (catalog.gettext(msgid),)
    # sv, de and nl have two forms: one for 1, the other for everything else.
    return (catalog.ngettext(msgid, plural, 1), catalog.ngettext(msgid, plural, 2))


SOURCE = Path(mognad.web.__file__).parent.parent
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}


def _asked_in_python() -> set[tuple[str, str]]:
    """(msgid, msgid_plural) of every call with literal strings in Mognad's Python code,
    inside f-strings too, where `make messages` (xgettext) does not look."""
    asked: set[tuple[str, str]] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name in SINGULAR and texts and isinstance(texts[0], str):
                asked.add((texts[0], ""))
            elif name in PLURAL and len(texts) >= 2:
                asked.add((texts[0], texts[1]))
    return asked


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_the_python_code_asks_for_is_in_the_catalog(language):
    """A string the code translates but the catalog lacks shows in English: such as one
    asked for inside an f-string, which `make messages` drops from the catalog."""
    entries = _po_entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    asked = _asked_in_python()
    assert len(asked) >= 100
    assert sorted(asked - set(entries)) == []
