"""LimeSurvey .lss import: groups, question types, assessment values, languages, conditions."""

import pytest

from mognad.core.model import ChoiceItem, MultiItem, ScaleItem, TextItem
from mognad.interop.importing import ImportFailed, import_instrument

from .lss import lss, question, text

QUESTIONS = [
    question("1", "10", "Tools", "L", "0", mandatory="Y"),
    question("2", "10", "Grid", "F", "1"),
    question("3", "10", "Channels", "M", "2"),
    question("4", "10", "Why", "T", "3", relevance='((Tools.NAOK == "A2"))'),
    question("5", "10", "Rate", "5", "4"),
    question("6", "10", "Chat", "S", "5", relevance='((Channels_SQ2.NAOK == "Y"))'),
    question("7", "10", "When", "D", "6"),
]
SUBQUESTIONS = [
    question("21", "10", "SQ1", "T", "0", parent="2"),
    question("22", "10", "SQ2", "T", "1", parent="2"),
    question("31", "10", "SQ1", "T", "0", parent="3"),
    question("32", "10", "SQ2", "T", "1", parent="3"),
]
TEXTS = [
    text(1, "1", "en", "<p>We have the <strong>tools</strong>&nbsp;we need</p>", "Pick one"),
    text(2, "1", "ar", "لدينا الأدوات"),
    text(3, "2", "en", "How often"),
    text(4, "21", "en", "meetings"),
    text(5, "22", "en", "reviews"),
    text(6, "3", "en", "Channels"),
    text(7, "31", "en", "web"),
    text(8, "32", "en", "chat"),
    text(9, "4", "en", "Why?"),
    text(10, "5", "en", "Rate us"),
    text(11, "6", "en", "Which chat?"),
    text(12, "7", "en", "When?"),
]
ANSWERS = [
    {"aid": aid, "qid": qid, "code": code, "sortorder": order, "assessment_value": value,
     "scale_id": "0"}
    for aid, qid, code, order, value in [
        ("1", "1", "A1", "0", "0"), ("2", "1", "A2", "1", "5"),
        ("3", "2", "1", "0", "0"), ("4", "2", "3", "1", "0"),
    ]
]  # fmt: skip
ANSWER_TEXTS = [
    {"id": "1", "aid": "1", "answer": "No", "language": "en"},
    {"id": "2", "aid": "1", "answer": "لا", "language": "ar"},
    {"id": "3", "aid": "2", "answer": "Yes", "language": "en"},
    {"id": "4", "aid": "3", "answer": "Rarely", "language": "en"},
    {"id": "5", "aid": "4", "answer": "Often", "language": "en"},
]


def imported(**changes):
    parts = {"questions": QUESTIONS, "subquestions": SUBQUESTIONS, "texts": TEXTS,
             "answers": ANSWERS, "answer_texts": ANSWER_TEXTS} | changes  # fmt: skip
    return import_instrument(lss(**parts), "survey.lss")


def items(result):
    return {item.key: item for _, item in result.instrument.walk_items()}


def test_groups_become_dimensions_and_every_language_is_kept_right_to_left_too():
    result = imported()
    assert result.instrument.languages == ["en", "ar"]
    assert result.instrument.dimensions[0].title == {"en": "Work", "ar": "العمل"}
    assert items(result)["tools"].text["ar"] == "لدينا الأدوات"
    assert any("right-to-left" in n.message for n in result.report.kept)


def test_html_in_texts_becomes_plain_text():
    result = imported()
    assert items(result)["tools"].text["en"] == "We have the tools we need"
    assert result.instrument.title["en"] == "Team check"


def test_assessment_values_become_scores_and_codes_stay_option_keys():
    tools = items(imported())["tools"]
    assert isinstance(tools, ChoiceItem) and tools.scored and tools.required
    assert [(o.key, o.score) for o in tools.options] == [("a1", 0), ("a2", 5)]
    assert tools.options[0].label == {"en": "No", "ar": "لا"}


def test_each_subquestion_of_an_array_becomes_an_item_with_the_array_answers():
    found = items(imported())
    assert [o.score for o in found["grid_sq1"].options] == [1, 3]
    assert found["grid_sq2"].text["en"] == "How often — reviews"


def test_multiple_choice_subquestions_become_options_and_other_types_their_items():
    found = items(imported())
    assert isinstance(found["channels"], MultiItem)
    assert [o.key for o in found["channels"].options] == ["sq1", "sq2"]
    assert isinstance(found["rate"], ScaleItem)
    assert isinstance(found["why"], TextItem)


def test_relevance_becomes_show_if_on_an_answer_or_a_ticked_option():
    found = items(imported())
    assert (found["why"].show_if.item, found["why"].show_if.equals) == ("tools", "a2")
    assert (found["chat"].show_if.item, found["chat"].show_if.includes) == ("channels", "sq2")


def test_the_conditions_table_wins_over_relevance_and_maps_lists_of_answers():
    conditions = [
        {"cid": "1", "qid": "4", "cqid": "1", "cfieldname": "1X10X1", "method": "==",
         "value": code, "scenario": "1"}
        for code in ("A1", "A2")
    ]  # fmt: skip
    why = items(imported(conditions=conditions))["why"]
    assert (why.show_if.item, why.show_if.in_) == ("tools", ["a1", "a2"])


def test_an_unsupported_question_type_is_reported_with_its_code():
    report = imported().report
    assert any(
        n.place == "question When (qid 7)" and "'D' (date/time)" in n.message
        for n in report.dropped
    )


def test_a_relevance_it_cannot_express_is_reported_with_the_expression():
    changed = [
        *QUESTIONS[:3],
        question("4", "10", "Why", "T", "3", relevance="count(that.Grid) > 1"),
    ]
    report = imported(questions=changed).report
    assert any("count(that.Grid) > 1" in n.message for n in report.dropped)


def test_assessment_rules_and_quotas_are_listed_as_not_carried_over():
    extra = (
        "<assessments><fields><fieldname>id</fieldname></fields>"
        "<rows><row><id>1</id></row><row><id>2</id></row></rows></assessments>"
    )
    result = import_instrument(
        lss(questions=QUESTIONS, subquestions=SUBQUESTIONS, texts=TEXTS, answers=ANSWERS,
            answer_texts=ANSWER_TEXTS, extra=extra), "survey.lss",
    )  # fmt: skip
    assert any(n.place == "<assessments>" and n.message.startswith("2 assessment rules")
               for n in result.report.dropped)  # fmt: skip


def test_xml_that_is_not_a_survey_structure_is_refused():
    with pytest.raises(ImportFailed, match=r"not a LimeSurvey survey structure"):
        import_instrument(b"<document><x/></document>", "survey.lss")


def test_broken_xml_is_refused_with_its_line_and_column():
    with pytest.raises(ImportFailed) as refused:
        import_instrument(b"<document>\n<a></b></document>", "survey.lss")
    assert refused.value.place == "survey.lss:2:6"
    assert "not well-formed XML" in refused.value.message


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<document><LimeSurveyDocType>&secret;</LimeSurveyDocType></document>"""
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">'.replace("&lol0;", "&lol;").encode()
        for n in range(1, 10)
    )
    + b"]><document>&lol9;</document>"
)


@pytest.mark.parametrize("data", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_and_external_references_are_refused_before_expansion(data):
    with pytest.raises(ImportFailed, match="refused XML: DTDForbidden"):
        import_instrument(data, "survey.lss")
