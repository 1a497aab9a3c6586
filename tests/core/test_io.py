"""Instruments survive a round trip through YAML unchanged, and dumps are stable."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mognad.core.io import dump_instrument, parse_instrument, read_instrument
from mognad.core.lint import lint_text
from mognad.core.model import Instrument
from mognad.instruments import builtin_files
from tests.core.strategies import instruments

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SOURCES = {f.name: f.read_text(encoding="utf-8") for f in builtin_files()}
SOURCES["mini.yaml"] = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_load_dump_load_gives_an_equal_instrument(name):
    """Loading the dump of a loaded instrument gives back an equal instrument."""
    first = parse_instrument(SOURCES[name], name)
    again = parse_instrument(dump_instrument(first), name)
    assert again == first


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_dumps_are_stable_and_plain(name):
    """Dumping twice gives the same text, with no tags, anchors or aliases."""
    instrument = parse_instrument(SOURCES[name], name)
    text = dump_instrument(instrument)
    assert dump_instrument(parse_instrument(text, name)) == text
    assert text.startswith("format: mognad/1\nid: ")
    assert "!!" not in text
    assert not any(line.lstrip().startswith(("&", "*")) for line in text.splitlines())


def test_a_dump_keeps_non_ascii_text_readable():
    """Swedish letters are written as they are, not as escapes."""
    text = dump_instrument(read_instrument(FIXTURES / "mini.yaml"))
    assert "Instämmer helt" in text
    assert "\\u" not in text


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(instruments())
def test_every_generated_instrument_lints_clean(instrument):
    """The test strategy only builds instruments that lint accepts, dumped as a file would be."""
    assert lint_text(dump_instrument(instrument), "generated.yaml") == []


@PROPERTY
@given(instruments())
def test_a_generated_instrument_survives_a_round_trip(instrument):
    """Parsing the dump of any generated instrument gives back an equal instrument."""
    assert parse_instrument(dump_instrument(instrument)) == instrument


@pytest.mark.parametrize("text", ["a\x85b", "line\u2028sep", "para\u2029sep", "end\x85", "\u2028"])
def test_text_with_a_yaml_line_break_character_survives_a_round_trip(text):
    """NEL, LS and PS, which YAML reads as line breaks, come back unchanged."""
    instrument = parse_instrument(SOURCES["mini.yaml"])
    changed = instrument.model_copy(update={"title": {lang: text for lang in instrument.languages}})
    assert parse_instrument(dump_instrument(changed)).title == changed.title


TEXTS = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)


@PROPERTY
@given(instruments(), TEXTS)
def test_any_text_survives_a_round_trip(instrument, text):
    """A title of any characters (but lone surrogates) comes back unchanged."""
    data = instrument.model_dump(by_alias=True, exclude_none=True)
    data["title"] = {"en": text}
    changed = Instrument.model_validate(data)
    assert parse_instrument(dump_instrument(changed)) == changed
