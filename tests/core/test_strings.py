"""Every text of an instrument has one stable key, and completeness counts them per language."""

import pytest

from mognad.core import edit
from mognad.core.strings import missing_strings, strings, translation_completeness
from mognad.instruments import builtin_instruments, find_builtin


@pytest.mark.parametrize("instrument", builtin_instruments(), ids=lambda i: i.id)
def test_every_text_has_a_unique_key_that_leads_to_it(instrument):
    """Keys are unique, and each key's path holds exactly that text."""
    found = strings(instrument)
    assert len({s.key for s in found}) == len(found)
    for string in found:
        assert edit.get(instrument, string.path) == string.texts


def test_keys_name_elements_by_their_keys_not_their_places():
    """Moving a dimension changes no string key."""
    instrument = find_builtin("seven-theses")
    assert instrument is not None
    moved = edit.move(instrument, ("dimensions", 0), 3)
    assert {s.key for s in strings(moved)} == {s.key for s in strings(instrument)}
    keys = {s.key for s in strings(instrument)}
    assert "items.availability.targets.text" in keys
    assert "scales.agree5.labels.1.label" in keys
    assert "scales.ypn.options.yes.label" in keys


def test_completeness_is_the_share_of_texts_in_each_language():
    """A new language starts at 0 and rises by one text's share for each text written."""
    instrument = find_builtin("people-first")
    assert instrument is not None
    total = len(strings(instrument))
    drafted = edit.add_language(instrument, "fi")
    assert translation_completeness(drafted)["fi"] == 0
    first = strings(drafted)[0]
    done = edit.translate(drafted, "fi", {first.key: "Digitaalinen kypsyys"})
    assert translation_completeness(done)["fi"] == pytest.approx(1 / total)
    assert translation_completeness(done)["en"] == 1
    assert len(missing_strings(done, "fi")) == total - 1
