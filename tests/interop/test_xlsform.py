"""XLSForm import: sheets, languages, types, scores and conditions, in every file shape."""

import io

import openpyxl
import pytest

from mognad.core.io import dump_instrument
from mognad.core.lint import lint_text
from mognad.core.model import ChoiceItem, MultiItem, NumberItem, ScaleItem, TextItem
from mognad.interop.importing import ImportFailed, import_instrument

from .samples import sample

FORM = [
    ("survey", ["type", "name", "label::English (en)", "label::Svenska (sv)", "relevant"]),
    ("survey", ["begin group", "work", "Work", "Arbete", ""]),
    ("survey", ["select_one agree", "tools", "We have tools", "Vi har verktyg", ""]),
    ("survey", ["select_multiple chan", "channels", "Channels", "Kanaler", "${tools} = '4'"]),
    ("survey", ["integer", "people", "How many?", "Hur många?", ""]),
    ("survey", ["text", "why", "Why?", "Varför?", "${tools} >= 3"]),
    ("survey", ["end group", "", "", "", ""]),
    ("choices", ["list_name", "name", "label::English (en)", "label::Svenska (sv)"]),
    ("choices", ["agree", "1", "No", "Nej"]),
    ("choices", ["agree", "4", "Yes", "Ja"]),
    ("choices", ["chan", "web", "Web", "Webb"]),
    ("choices", ["chan", "chat", "Chat", "Chatt"]),
    ("settings", ["form_title", "form_id", "default_language"]),
    ("settings", ["Team check", "team_check", "English (en)"]),
]


def workbook(rows=FORM):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, cells in rows:
        ws = book[sheet] if sheet in book.sheetnames else book.create_sheet(sheet)
        ws.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_csv(rows=FORM):
    lines, last = [], None
    for sheet, cells in rows:
        if sheet != last:
            lines.append(sheet)
            last = sheet
        lines.append("," + ",".join(f'"{c}"' for c in cells))
    return "\n".join(lines).encode()


def as_markdown(rows=FORM):
    lines, last = [], None
    for sheet, cells in rows:
        if sheet != last:
            lines.append(f"| {sheet} |")
            last = sheet
        lines.append("| | " + " | ".join(cells) + " |")
    return "\n".join(lines).encode()


def items(result):
    return {item.key: item for _, item in result.instrument.walk_items()}


@pytest.mark.parametrize(
    ("data", "name"),
    [(workbook(), "form.xlsx"), (as_csv(), "form.csv"), (as_markdown(), "form.md")],
)
def test_it_reads_the_same_form_from_xlsx_csv_and_markdown(data, name):
    """Groups become dimensions, each type its item type, both languages kept."""
    result = import_instrument(data, name)
    instrument = result.instrument
    assert instrument.id == "team_check"
    assert instrument.languages == ["en", "sv"]
    assert instrument.text(instrument.title) == "Team check"
    assert [d.key for d in instrument.dimensions] == ["work"]
    found = items(result)
    assert isinstance(found["tools"], ChoiceItem)
    assert isinstance(found["channels"], MultiItem)
    assert isinstance(found["people"], NumberItem) and found["people"].integer
    assert isinstance(found["why"], TextItem)
    assert found["tools"].text == {"en": "We have tools", "sv": "Vi har verktyg"}
    assert lint_text(dump_instrument(instrument), "x.yaml") == []


def test_numeric_choice_names_become_scores():
    """select_one options named 1 and 4 score 1 and 4; the item is scored."""
    tools = items(import_instrument(workbook(), "form.xlsx"))["tools"]
    assert tools.scored
    assert [(o.key, o.score) for o in tools.options] == [("o-1", 1), ("o-4", 4)]


def test_simple_relevant_expressions_become_show_if_on_option_keys():
    """`${tools} = '4'` tests the option key made from 4; `>= 3` the options from 3 up."""
    found = items(import_instrument(workbook(), "form.xlsx"))
    assert found["channels"].show_if.item == "tools"
    assert found["channels"].show_if.equals == "o-4"
    assert found["why"].show_if.item == "tools"
    assert found["why"].show_if.in_ == ["o-4"]


def test_sheet_and_column_names_are_read_in_any_case():
    """SURVEY, TYPE and LABEL::EN read like survey, type and label::en."""
    result = import_instrument(*sample("xlsform/case_insensitivity.md"))
    assert list(items(result)) == ["q1"]
    assert result.instrument.text(result.instrument.title) == "Yes or no"
    assert "q2" in " ".join(str(n) for n in result.report.dropped)


def test_a_form_without_scores_is_scored_by_option_order_and_says_so():
    """yes/no without numbers: yes 1, no 0, and the report asks for a review."""
    result = import_instrument(*sample("xlsform/yes_or_no_question.csv"))
    good_day = items(result)["good_day"]
    assert {o.key: o.score for o in good_day.options} == {"yes": 1, "no": 0}
    assert any("option order" in n.message for n in result.report.changed)


def test_it_names_the_row_of_a_question_type_it_cannot_carry_over():
    """A date question is dropped, and the report names the sheet and row."""
    rows = [*FORM[:6], ("survey", ["date", "when", "When", "När", ""]), *FORM[6:]]
    result = import_instrument(workbook(rows), "form.xlsx")
    assert "when" not in items(result)
    assert any(
        n.place == "sheet 'survey', row 7" and "'date'" in n.message for n in result.report.dropped
    )


def test_an_unknown_language_name_is_reported_and_its_column_left_out():
    """`label::Klingon` has no code; the report says how to write one."""
    rows = [("survey", ["type", "name", "label", "label::Klingon"]),
            ("survey", ["select_one yn", "q", "Q", "Qa"]),
            ("choices", ["list_name", "name", "label"]),
            ("choices", ["yn", "1", "a"]), ("choices", ["yn", "2", "b"])]  # fmt: skip
    result = import_instrument(workbook(rows), "form.xlsx")
    assert result.instrument.languages == ["en"]
    assert any("klingon" in n.message and "(code)" in n.message for n in result.report.dropped)


def test_a_workbook_without_a_survey_sheet_is_refused_naming_the_sheets_found():
    with pytest.raises(ImportFailed, match=r"needs a 'survey' sheet \(found: choices\)"):
        import_instrument(workbook([("choices", ["list_name", "name"])]), "form.xlsx")


def test_a_form_with_nothing_to_score_is_refused():
    """Only free text: there is no instrument to make, and the message says why."""
    rows = [("survey", ["type", "name", "label"]), ("survey", ["text", "q", "Q"])]
    with pytest.raises(ImportFailed, match="no question in this file can be scored"):
        import_instrument(workbook(rows), "form.xlsx")


def test_a_renamed_xls_is_refused_as_not_an_xlsx():
    data, _ = sample("xlsform/tutorial.xls")
    with pytest.raises(ImportFailed, match=r"not an \.xlsx workbook \(it looks like an old \.xls"):
        import_instrument(data, "tutorial.xlsx")


def test_multiple_choice_values_that_are_all_negative_are_not_taken_as_weights():
    """Weights that can only lower a score score nothing: the item counts ticks instead."""
    rows = [("survey", ["type", "name", "label"]), ("survey", ["select_multiple m", "q", "Q"]),
            ("choices", ["list_name", "name", "label"]),
            ("choices", ["m", "-1", "a"]), ("choices", ["m", "-2", "b"])]  # fmt: skip
    result = import_instrument(workbook(rows), "form.xlsx")
    q = items(result)["q"]
    assert q.scored and all(o.weight is None for o in q.options)


def test_a_range_stepping_by_one_becomes_a_scale_and_another_a_number():
    rows = [("survey", ["type", "name", "label", "parameters"]),
            ("survey", ["range", "r", "Rate", "start=0 end=4"]),
            ("survey", ["range", "w", "Weight", "start=0 end=10 step=0.5"])]  # fmt: skip
    found = items(import_instrument(workbook(rows), "form.xlsx"))
    assert isinstance(found["r"], ScaleItem) and (found["r"].scale.min, found["r"].scale.max) == (
        0,
        4,
    )
    assert isinstance(found["w"], NumberItem) and (found["w"].min, found["w"].max) == (0, 10)
