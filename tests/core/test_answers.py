"""Checking a respondent's answers against the instrument."""

from __future__ import annotations

from typing import Any

from mognad.core.answers import AnswerProblem, item_fields, shown_items, validate_answers
from mognad.core.model import Instrument

T = {"en": "t"}


def _instrument(items: list[dict[str, Any]]) -> Instrument:
    return Instrument.model_validate(
        {
            "id": "check",
            "version": "1.0.0",
            "languages": ["en"],
            "default_language": "en",
            "title": T,
            "scales": {"agree": {"min": 1, "max": 5, "missing": [{"key": "dk", "label": T}]}},
            "dimensions": [{"key": "dim", "title": T, "items": items}],
        }
    )


def _option(key: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "label": T, **extra}


ITEMS = [
    {"key": "likert", "type": "scale", "scale": "agree", "text": T},
    {"key": "yesno", "type": "choice", "text": T,
     "options": [_option("yes", score=1), _option("no", score=0)]},
    {"key": "tools", "type": "multi", "text": T,
     "options": [_option("mail"), _option("chat"), _option("none", exclusive=True)]},
    {"key": "staff", "type": "number", "min": 0, "max": 500, "integer": True, "text": T},
    {"key": "note", "type": "text", "max_length": 10, "text": T},
    {"key": "saydo", "type": "pair", "scale": "agree", "text": T, "importance": T,
     "performance": T},
]  # fmt: skip
INSTRUMENT = _instrument(ITEMS)


def _messages(answers: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    return [(p.item, p.part, p.message) for p in validate_answers(INSTRUMENT, answers)]


def test_it_accepts_a_complete_valid_document():
    """Valid answers of every type, including a "don't know", give no problem."""
    answers = {
        "likert": "dk",
        "yesno": "yes",
        "tools": ["mail", "chat"],
        "staff": 12,
        "note": "fine",
        "saydo": {"importance": 5, "performance": 2},
    }
    assert validate_answers(INSTRUMENT, answers) == []


def test_it_accepts_an_empty_document_when_nothing_is_required():
    """Unanswered items (absent or None) are not problems unless required."""
    assert validate_answers(INSTRUMENT, {"likert": None}) == []


def test_it_rejects_unknown_item_keys():
    """A key that is no item of the instrument is named."""
    assert _messages({"likrt": 3}) == [
        ("likrt", None, "there is no question 'likrt' in this instrument")
    ]


def test_it_rejects_a_value_off_the_scale_and_says_what_is_allowed():
    """A number outside the scale names the scale and the allowed answers."""
    assert _messages({"likert": 7}) == [
        ("likert", None, "7 is not on the scale 1-5; give a whole number from 1 to 5 or one of: dk")
    ]


def test_it_rejects_wrong_types_on_a_scale():
    """A fraction, a bool or an unknown key is not a scale answer; 3.0 is."""
    assert [m[2].split(";")[0] for m in _messages({"likert": 2.5})] == ["2.5 is not a whole number"]
    assert [m[2].split(";")[0] for m in _messages({"likert": True})] == [
        "true is a yes/no value, not a number"
    ]
    assert [m[2].split(";")[0] for m in _messages({"likert": "na"})] == [
        "'na' is not an answer here"
    ]
    assert _messages({"likert": 3.0}) == []


def test_it_rejects_an_unknown_option():
    """A choice answer must be one of the option keys, which are listed."""
    assert _messages({"yesno": "maybe"}) == [
        ("yesno", None, "'maybe' is not one of the options; choose one of: yes, no")
    ]


def test_it_rejects_an_exclusive_option_ticked_with_others():
    """'None of these' may not be ticked together with another option."""
    assert _messages({"tools": ["mail", "none"]}) == [
        ("tools", None, "'none' cannot be ticked together with other options")
    ]
    assert _messages({"tools": ["none"]}) == []
    assert _messages({"tools": []}) == []


def test_it_rejects_bad_multiple_choice_answers():
    """A non-list, an unknown option and a repeated option are each reported."""
    assert _messages({"tools": "mail"}) == [
        ("tools", None, "expected a list of options from: mail, chat, none")
    ]
    assert _messages({"tools": ["fax"]})[0][2].startswith("'fax' is not one of the options")
    assert _messages({"tools": ["mail", "mail"]})[0][2] == "'mail' is ticked more than once"


def test_it_rejects_numbers_out_of_range_or_not_whole():
    """A number item checks its range and, if `integer`, whole numbers."""
    assert _messages({"staff": 501}) == [
        ("staff", None, "501 is outside the allowed range; give a whole number from 0 to 500")
    ]
    assert _messages({"staff": 2.5})[0][2].startswith("2.5 is not a whole number")
    assert _messages({"staff": "ten"})[0][2].startswith("'ten' is not a number")


def test_it_reports_a_huge_integer_as_off_the_scale_or_out_of_range():
    """An int too big for a float is an answer out of range, never an error."""
    huge = 10**400
    assert [m[2].split(";")[0] for m in _messages({"likert": huge, "staff": -huge})] == [
        f"{huge} is not on the scale 1-5",
        f"{-huge} is outside the allowed range",
    ]


def test_it_rejects_a_bool_where_a_number_is_expected():
    """true/false is named as a yes/no value on scale, number and pair answers."""
    assert _messages({"staff": False, "saydo": {"importance": True}}) == [
        ("staff", None, "false is a yes/no value, not a number; give a whole number from 0 to 500"),
        ("saydo", "importance",
         "true is a yes/no value, not a number; give a whole number from 1 to 5 or one of: dk"),
    ]  # fmt: skip


def test_it_rejects_text_that_is_too_long():
    """A text longer than `max_length` is refused with both lengths."""
    assert _messages({"note": "x" * 11}) == [
        ("note", None, "the text has 11 characters; at most 10 are allowed")
    ]
    assert _messages({"note": 5}) == [("note", None, "expected a text")]


def test_it_names_the_part_of_a_pair():
    """Problems in a pair name the part; unknown parts and non-mappings are refused."""
    assert _messages({"saydo": {"importance": 9}}) == [
        ("saydo", "importance",
         "9 is not on the scale 1-5; give a whole number from 1 to 5 or one of: dk")
    ]  # fmt: skip
    assert _messages({"saydo": {"performance": 3}}) == []
    assert _messages({"saydo": {"wish": 3}})[0][:2] == ("saydo", None)
    assert _messages({"saydo": 3}) == [
        ("saydo", None, "expected both parts: importance and performance")
    ]


def test_it_reports_every_problem_at_once():
    """All invalid answers of a document are reported, in questionnaire order."""
    problems = validate_answers(INSTRUMENT, {"likert": 0, "yesno": "x", "staff": -1})
    assert [p.item for p in problems] == ["likert", "yesno", "staff"]


GATED = _instrument(
    [
        {"key": "uses", "type": "choice", "text": T, "required": True,
         "options": [_option("yes", score=1), _option("no", score=0)]},
        {"key": "how", "type": "scale", "scale": "agree", "text": T, "required": True,
         "show_if": {"item": "uses", "equals": "yes"}},
        {"key": "pair", "type": "pair", "scale": "agree", "text": T, "required": True,
         "importance": T, "performance": T},
    ]
)  # fmt: skip


def test_it_requires_a_required_item_only_when_it_is_shown():
    """A required item hidden by its condition may stay unanswered."""
    answered = {"uses": "no", "pair": {"importance": 1, "performance": 2}}
    assert validate_answers(GATED, answered) == []
    problems = validate_answers(GATED, answered | {"uses": "yes"})
    assert problems == [AnswerProblem("how", None, "this question needs an answer")]


def test_it_accepts_dont_know_as_an_answer_to_a_required_item():
    """A "don't know" answers a required question (it is missing only for scoring)."""
    answered = {"uses": "yes", "how": "dk", "pair": {"importance": "dk", "performance": "dk"}}
    assert validate_answers(GATED, answered) == []


def test_it_requires_both_parts_of_a_required_pair():
    """Each unanswered part of a required pair is reported with its field name."""
    problems = validate_answers(GATED, {"uses": "no", "pair": {"importance": 3}})
    assert [p.field for p in problems] == ["pair:performance"]


def test_an_invalid_answer_hides_what_depends_on_it():
    """An answer that fails validation counts as unanswered for conditions."""
    problems = validate_answers(
        GATED, {"uses": "maybe", "pair": {"importance": 1, "performance": 1}}
    )
    assert [p.item for p in problems] == ["uses"]


def test_shown_items_follow_conditions():
    """shown_items evaluates each condition on the answers before it."""
    assert shown_items(GATED, {"uses": "yes"}) == {"uses": True, "how": True, "pair": True}
    assert shown_items(GATED, {})["how"] is False


def test_item_fields_give_two_columns_for_a_pair():
    """Fields come in questionnaire order; a pair yields KEY:importance and KEY:performance."""
    fields = [(name, item.key, part) for name, item, part in item_fields(INSTRUMENT)]
    assert fields[-3:] == [
        ("note", "note", None),
        ("saydo:importance", "saydo", "importance"),
        ("saydo:performance", "saydo", "performance"),
    ]
    assert [f[0] for f in fields[:4]] == ["likert", "yesno", "tools", "staff"]
