"""SurveyJS import: pages and panels, question types, translations, scores, conditions."""

import json

import pytest

from mognad.core.model import ChoiceItem, MultiItem, NumberItem, ScaleItem, TextItem
from mognad.interop.importing import ImportFailed, import_instrument

SURVEY = {
    "title": {"default": "Team check", "sv": "Teamkoll"},
    "pages": [
        {
            "name": "work",
            "title": {"default": "Work", "sv": "Arbete"},
            "elements": [
                {"type": "rating", "name": "tools", "title": {"default": "Tools", "sv": "Verktyg"},
                 "rateMin": 0, "rateMax": 4, "minRateDescription": "None", "isRequired": True},
                {"type": "radiogroup", "name": "often", "title": "How often?",
                 "choices": [{"value": 1, "text": {"default": "Rarely", "sv": "Sällan"}},
                             {"value": 3, "text": {"default": "Often", "sv": "Ofta"}}]},
                {"type": "checkbox", "name": "channels", "choices": ["web", "chat"],
                 "showNoneItem": True, "visibleIf": "{tools} >= 2"},
                {"type": "panel", "name": "more", "title": "More", "elements": [
                    {"type": "boolean", "name": "plan", "title": "A plan?"},
                    {"type": "text", "name": "size", "inputType": "number", "min": 1, "max": 500,
                     "visibleIf": "{plan} = true"},
                    {"type": "comment", "name": "why", "visibleIf": "{channels} contains 'chat'"},
                ]},
                {"type": "matrix", "name": "grid", "columns": [{"value": 1, "text": "Low"},
                 {"value": 5, "text": "High"}], "rows": ["speed", "care"]},
                {"type": "signaturepad", "name": "sign"},
            ],
        }
    ],
}  # fmt: skip


def imported(survey=SURVEY):
    return import_instrument(json.dumps(survey).encode(), "team.json")


def items(result):
    return {item.key: item for _, item in result.instrument.walk_items()}


def test_pages_become_dimensions_and_panels_sub_dimensions():
    instrument = imported().instrument
    assert [d.key for d in instrument.walk_dimensions()] == ["work", "more"]
    assert instrument.dimensions[0].title == {"en": "Work", "sv": "Arbete"}


def test_each_question_type_becomes_its_item_type():
    found = items(imported())
    assert isinstance(found["tools"], ScaleItem)
    assert (found["tools"].scale.min, found["tools"].scale.max) == (0, 4)
    assert isinstance(found["often"], ChoiceItem) and found["often"].scored
    assert isinstance(found["channels"], MultiItem)
    assert isinstance(found["plan"], ChoiceItem)
    assert isinstance(found["size"], NumberItem) and (found["size"].min, found["size"].max) == (
        1,
        500,
    )
    assert isinstance(found["why"], TextItem)


def test_localised_strings_become_translations_and_the_languages_of_the_instrument():
    result = imported()
    assert result.instrument.languages == ["en", "sv"]
    often = items(result)["often"]
    assert often.options[0].label == {"en": "Rarely", "sv": "Sällan"}
    assert result.instrument.title == {"en": "Team check", "sv": "Teamkoll"}


def test_numeric_choice_values_are_scores_and_the_none_item_is_exclusive():
    found = items(imported())
    assert [o.score for o in found["often"].options] == [1, 3]
    none = found["channels"].options[-1]
    assert none.key == "none" and none.exclusive


def test_a_matrix_row_becomes_a_choice_item_scored_by_its_columns():
    found = items(imported())
    assert [o.score for o in found["grid.speed"].options] == [1, 5]
    assert "grid.care" in found


def test_simple_visible_if_expressions_become_show_if():
    found = items(imported())
    assert found["channels"].show_if.at_least == 2
    assert found["size"].show_if.equals == "true"
    assert found["why"].show_if.includes == "chat"


def test_the_json_path_of_an_unsupported_element_is_reported():
    report = imported().report
    assert any(
        n.place == "$.pages[0].elements[5]" and "signaturepad" in n.message for n in report.dropped
    )


def test_a_quiz_correct_answer_scores_one_and_the_others_zero():
    survey = {"pages": [{"elements": [{"type": "radiogroup", "name": "year",
              "choices": ["1850", "1861"], "correctAnswer": "1861"}]}]}  # fmt: skip
    year = items(imported(survey))["year"]
    assert {o.key: o.score for o in year.options} == {"o-1850": 0, "o-1861": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "a SurveyJS survey is a JSON object"),
        ('{"pages": [', "not valid JSON"),
        ('{"data": {"q": 1}}', "not a SurveyJS survey definition"),
        ('{"$schema": "x", "definitions": {}}', "this is a JSON Schema"),
    ],
)
def test_json_that_is_no_survey_is_refused_with_the_reason(text, message):
    with pytest.raises(ImportFailed, match=message):
        import_instrument(text.encode(), "survey.json")


def test_json_nested_too_deeply_is_refused_not_crashed():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(ImportFailed, match="not valid JSON"):
        import_instrument(deep.encode(), "deep.json")


def test_panels_nested_too_deeply_are_refused_with_their_path():
    panel: dict = {"type": "radiogroup", "name": "q", "choices": [1, 2]}
    for _ in range(40):
        panel = {"type": "panel", "name": "p", "elements": [panel]}
    with pytest.raises(ImportFailed, match="panels nested deeper than 32"):
        imported({"pages": [{"elements": [panel]}]})
