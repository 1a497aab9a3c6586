"""Reading responses from CSV: typed answers, or every problem with its line and column."""

import io
from pathlib import Path

from mognad.core.io import read_instrument
from mognad.interop.responses_csv import read_responses

MINI = read_instrument(Path(__file__).resolve().parent.parent / "fixtures" / "mini.yaml")


def read(text):
    return read_responses(MINI, io.StringIO(text, newline=""), "r.csv")


def messages(rows):
    return [str(p) for p in rows.problems]


def test_it_types_each_answer_for_its_item():
    """Scale answers become numbers, multi answers lists, pair columns one pair."""
    rows = read(
        "work.a,tools.used,tools.say:importance,tools.say:performance\n4, chat ; wiki ,5,dk\n"
    )
    assert rows.problems == []
    assert rows.answers == [
        {
            "work.a": 4,
            "tools.used": ["chat", "wiki"],
            "tools.say": {"importance": 5, "performance": "dk"},
        }
    ]
    assert rows.groups is None


def test_half_a_pair_is_kept_as_half():
    """A pair with only its importance given keeps just that part."""
    rows = read("tools.say:importance,tools.say:performance\n4,\n")
    assert rows.answers == [{"tools.say": {"importance": 4}}]


def test_a_separator_alone_means_answered_with_nothing_ticked():
    """';' in a multiple-choice cell is an answer with no option ticked; empty is unanswered."""
    rows = read("tools.used,work.a\n;,3\n,3\n")
    assert rows.problems == []
    assert rows.answers == [{"tools.used": [], "work.a": 3}, {"work.a": 3}]


def test_a_byte_order_mark_quoted_newlines_and_blank_lines_are_read():
    """Quoted cells may hold newlines; blank lines between rows are skipped."""
    text = 'group,work.a\n"staff\nteam",2\n\nleaders,5\n'
    rows = read(text)
    assert rows.problems == []
    assert rows.groups == ["staff\nteam", "leaders"]


def test_numbers_must_be_plain_ascii_digits():
    """'1_0' and non-Latin digits are not accepted as numbers on a scale."""
    rows = read("work.a,work.b\n1_0,٣\n")
    assert len(rows.problems) == 2
    assert all(p.line == 2 for p in rows.problems)
    assert {p.column for p in rows.problems} == {"work.a", "work.b"}


def test_a_huge_number_is_an_answer_problem_not_a_crash():
    """An integer of 400 digits is reported as off the scale."""
    rows = read("work.a\n1" + "0" * 400 + "\n")
    assert [p.column for p in rows.problems] == ["work.a"]


def test_an_unclosed_quote_is_reported_with_its_line():
    """Malformed quoting is refused instead of being read some other way."""
    rows = read('work.a,work.b\n3,4\n"3,4\n')
    assert len(rows.problems) == 1
    assert "not well-formed CSV" in rows.problems[0].message
    assert rows.problems[0].line >= 3


def test_a_cell_beyond_the_csv_limit_is_reported():
    """A cell longer than the CSV field limit is one clear problem, not a crash."""
    rows = read("work.a\n" + "x" * 200_000 + "\n")
    assert messages(rows) == [
        "r.csv:2: a cell is longer than 131,072 characters; no answer can be that long"
    ]


def test_an_empty_file_is_reported():
    """A file with no header says so."""
    assert messages(read("")) == ["r.csv:1: the file is empty"]


def test_a_duplicate_column_is_reported():
    """The same column twice is named on line 1."""
    rows = read("work.a,work.a\n1,2\n")
    assert messages(rows) == ["r.csv:1: column 'work.a': this column appears twice"]
