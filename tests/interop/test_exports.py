"""Exports of a round: rows through the anonymity gate, inert formulas, CSV, JSON, XLSX."""

import csv
import io
import json
from dataclasses import asdict
from typing import Any

import openpyxl
import pytest

from mognad.core.analysis import OTHER
from mognad.core.model import Instrument
from mognad.core.reference import score_response
from mognad.instruments import find_builtin
from mognad.interop.exports import (
    RoundExport,
    Source,
    Words,
    csv_chunks,
    json_chunks,
    neutralised,
    write_xlsx,
)

WORDS = Words(
    column="column",
    description="description",
    values="values",
    group="Group",
    other_groups="Other groups",
    overall="Overall score",
    level="Level",
    phase="Phase",
    score="score, 0–100",
    ticked="ticked",
    free_text="free text",
    blank="empty: missing",
)
TEXT_ITEM = "personal.next_step"


@pytest.fixture(scope="module")
def people_first() -> Instrument:
    instrument = find_builtin("people-first")
    assert instrument is not None
    return instrument


def _answers(instrument: Instrument, value: int, text: str) -> dict[str, Any]:
    answers: dict[str, Any] = {TEXT_ITEM: text}
    for _, item in instrument.walk_items():
        if item.type in ("scale", "pair"):
            scale = instrument.resolve_scale(item)
            v = max(scale.min, min(scale.max, value))
            answers[item.key] = v if item.type == "scale" else {"importance": v, "performance": v}
    return answers


def _sources(instrument: Instrument, sizes: dict[str, int], text: str = "Ask more") -> list[Source]:
    sources = []
    for group, n in sizes.items():
        for i in range(n):
            answers = _answers(instrument, 1 + i % 5, text)
            scores = asdict(score_response(instrument, answers))
            sources.append(Source(group, answers, scores))
    return sources


def _export(instrument: Instrument, sizes: dict[str, int], lang: str = "en") -> RoundExport:
    names = {key: key.title() for key in sizes}
    return RoundExport(instrument, lang, WORDS, names, sizes, 5)


def _column(export: RoundExport, rows: list[list[Any]], name: str) -> list[Any]:
    index = [c.name for c in export.columns].index(name)
    return [row[index] for row in rows]


def test_groups_below_k_are_merged_and_free_text_needs_ten_people(people_first):
    """Staff (12) is named and keeps its texts; leadership (3) and customers (4) become
    "other groups" together (7), whose texts stay out."""
    sizes = {"staff": 12, "leadership": 3, "customers": 4}
    export = _export(people_first, sizes)
    rows = list(export.rows(_sources(people_first, sizes)))
    groups = _column(export, rows, "group")
    texts = _column(export, rows, TEXT_ITEM)
    assert len(rows) == 19
    assert groups.count("staff") == 12 and groups.count(OTHER) == 7
    assert {t for g, t in zip(groups, texts, strict=True) if g == "staff"} == {"Ask more"}
    assert {t for g, t in zip(groups, texts, strict=True) if g == OTHER} == {None}


def test_free_text_stays_out_of_a_named_group_below_ten(people_first):
    """Groups of 12, 6 and 6 are all named at k=5; only the 12 keep their free text."""
    sizes = {"staff": 12, "leadership": 6, "customers": 6}
    export = _export(people_first, sizes)
    rows = list(export.rows(_sources(people_first, sizes)))
    pairs = set(zip(_column(export, rows, "group"), _column(export, rows, TEXT_ITEM), strict=True))
    assert pairs == {("staff", "Ask more"), ("leadership", None), ("customers", None)}


def test_a_round_below_k_exports_no_row(people_first):
    """Four responses at k=5: the export has its columns but not one response."""
    sizes = {"staff": 4}
    export = _export(people_first, sizes)
    assert list(export.rows(_sources(people_first, sizes))) == []
    assert [c.name for c in export.columns][:2] == ["group", "overall"]


def test_hidden_groups_keep_their_rows_without_a_group(people_first):
    """Two groups of 3: only the overall may be shown, so rows carry no group at all."""
    sizes = {"staff": 3, "leadership": 3}
    export = _export(people_first, sizes)
    rows = list(export.rows(_sources(people_first, sizes)))
    assert len(rows) == 6
    assert set(_column(export, rows, "group")) == {""}


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_is_made_inert(text):
    assert neutralised(text) == "'" + text


def test_numbers_and_plain_text_are_left_as_they_are():
    assert neutralised(-3) == -3
    assert neutralised(2.5) == 2.5
    assert neutralised("a = b") == "a = b"
    assert neutralised(None) is None


def test_free_text_that_looks_like_a_formula_is_inert_in_every_format(people_first):
    """A respondent's "=cmd()" reaches the CSV, the JSON and the workbook as text."""
    sizes = {"staff": 10}
    export = _export(people_first, sizes)
    rows = list(export.rows(_sources(people_first, sizes, text="=cmd()")))
    header = [c.name for c in export.columns]
    parsed = list(csv.reader(io.StringIO("".join(csv_chunks(header, rows)))))
    assert parsed[0] == header
    assert parsed[1][header.index(TEXT_ITEM)] == "'=cmd()"
    document = json.loads("".join(json_chunks(export, rows)))
    assert document["responses"][0][TEXT_ITEM] == "'=cmd()"
    assert len(document["responses"]) == 10
    target = io.BytesIO()
    write_xlsx(export, rows, target, ("Responses", "Codebook"))
    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue()))["Responses"]
    cell = sheet.cell(row=2, column=header.index(TEXT_ITEM) + 1)
    assert (cell.value, cell.data_type) == ("'=cmd()", "s")
    overall = sheet.cell(row=2, column=header.index("overall") + 1)
    assert isinstance(overall.value, float)


def test_the_csv_holds_every_row_once(people_first):
    sizes = {"staff": 700}  # more than one chunk of rows
    export = _export(people_first, sizes)
    rows = list(export.rows(_sources(people_first, sizes)))
    text = "".join(csv_chunks([c.name for c in export.columns], rows))
    assert len(list(csv.reader(io.StringIO(text)))) == 701


def test_the_codebook_describes_every_column_in_the_chosen_language(people_first):
    """Swedish: dimension titles, item texts and options in Swedish; one row per column."""
    sizes = {"staff": 5}
    export = _export(people_first, sizes, "sv")
    codebook = export.codebook()
    assert codebook[0] == ["column", "description", "values"]
    assert [row[0] for row in codebook[1:]] == [c.name for c in export.columns]
    described = {row[0]: row[1] for row in codebook[1:]}
    assert described["score:customers"].startswith("Förstå kunderna")
    assert described["customers.contact"].startswith("Hos oss pratar")
    assert "Hur viktigt är detta för oss?" in described["customers.needs:importance"]
    assert all(row[1] and row[2] for row in codebook[1:])


def test_a_workbook_has_the_responses_and_the_codebook(people_first):
    sizes = {"staff": 6}
    export = _export(people_first, sizes)
    target = io.BytesIO()
    write_xlsx(export, export.rows(_sources(people_first, sizes)), target, ("Svar", "Kodbok"))
    workbook = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert workbook.sheetnames == ["Svar", "Kodbok"]
    assert workbook["Svar"].max_row == 7
    assert workbook["Kodbok"].max_row == len(export.columns) + 1
