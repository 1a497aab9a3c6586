"""Instruments survive a round trip through YAML unchanged, and dumps are stable."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from mognad.core.io import dump_instrument, parse_instrument, read_instrument
from mognad.core.lint import lint_text
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
