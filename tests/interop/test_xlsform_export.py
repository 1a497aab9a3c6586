"""Export to XLSForm, and back: what XLSForm can express survives the round trip."""

import io

import openpyxl
import pytest

from mognad.core.model import (
    ChoiceItem,
    MultiItem,
    NumberItem,
    ScaleItem,
    TextItem,
    condition_tests,
)
from mognad.instruments import builtin_instruments
from mognad.interop.importing import import_instrument
from mognad.interop.xlsform_export import export_xlsform

BUILTINS = {i.id: i for i in builtin_instruments()}


def round_trip(instrument):
    return import_instrument(export_xlsform(instrument).data, f"{instrument.id}.xlsx").instrument


def test_the_export_is_an_xlsform_workbook_with_survey_choices_and_settings():
    book = openpyxl.load_workbook(io.BytesIO(export_xlsform(BUILTINS["people-first"]).data))
    assert book.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in book["survey"][1]]
    assert header[:3] == ["type", "name", "label::English (en)"]
    assert "label::Swedish (sv)" in header
    assert book["survey"]["A2"].value == "begin_group"


@pytest.mark.parametrize("instrument_id", sorted(BUILTINS))
def test_a_round_trip_keeps_dimensions_items_texts_and_scores(instrument_id):
    """Ids, languages, titles, the dimension tree, item keys and texts in every language,
    choice scores and multiple-choice weights come back; scales come back as choices
    scored by their points."""
    original = BUILTINS[instrument_id]
    back = round_trip(original)
    assert (back.id, back.version, back.languages) == (original.id, "1.0.0", original.languages)
    assert back.title == original.title
    assert [d.key for d in back.walk_dimensions()] == [d.key for d in original.walk_dimensions()]
    before = {i.key: i for _, i in original.walk_items()}
    after = {i.key: i for _, i in back.walk_items()}
    for key, item in after.items():
        assert item.text == before[key].text
        _assert_same_answers(original, before[key], item)
    pairs = {k for k, i in before.items() if i.type == "pair"}
    assert set(before) - set(after) == pairs


def _assert_same_answers(original, before, after):
    if isinstance(before, ScaleItem):
        scale = original.resolve_scale(before)
        counted = [o for o in after.options if not o.missing]
        assert [o.score for o in counted] == list(range(scale.min, scale.max + 1))
        assert [o.key for o in after.options if o.missing] == [m.key for m in scale.missing]
    elif isinstance(before, ChoiceItem):
        options = original.resolve_options(before)
        assert [o.key for o in after.options] == [o.key for o in options if not o.missing] + [
            o.key for o in options if o.missing
        ]
        if before.scored:
            assert {o.key: o.score for o in after.options if not o.missing} == {
                o.key: o.choice_score for o in options if not o.missing
            }
    elif isinstance(before, MultiItem):
        assert isinstance(after, MultiItem)
        assert {o.key: (o.tick_weight, o.exclusive) for o in after.options if not o.missing} == {
            o.key: (o.tick_weight, o.exclusive) for o in before.options if not o.missing
        }
    elif isinstance(before, NumberItem):
        assert (after.min, after.max, after.integer) == (before.min, before.max, before.integer)
    else:
        assert isinstance(before, TextItem) and isinstance(after, TextItem)


def test_conditions_survive_the_round_trip():
    original = BUILTINS["seven-theses"]
    back = {i.key: i for _, i in round_trip(original).walk_items()}
    shown = [(i.key, i.show_if) for _, i in original.walk_items() if i.show_if is not None]
    assert shown, "the instrument has conditions to carry"
    for key, condition in shown:
        before = [t.item for t in condition_tests(condition)]
        assert [t.item for t in condition_tests(back[key].show_if)] == before


def test_what_xlsform_cannot_express_is_listed():
    left_out = export_xlsform(BUILTINS["people-first"]).left_out
    assert "the instrument's levels" in left_out
    assert any("importance/performance pairs" in line for line in left_out)
    assert any("reverse scoring" in line for line in left_out)
