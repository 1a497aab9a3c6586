"""Lint names every problem in an instrument file with its place and what to do."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mognad.core.io import InstrumentError, parse_instrument, read_instrument
from mognad.core.lint import Problem, lint_path, lint_text
from mognad.core.model import Instrument
from mognad.core.yamlsafe import MAX_BYTES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"
VALID = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")


def lint_changed(*changes: tuple[str, str]) -> list[Problem]:
    """Lint the valid fixture with each (old, new) change applied once."""
    text = VALID
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return lint_text(text, "t.yaml")


def assert_one(problems: list[Problem], place: str, element: str, phrase: str) -> None:
    shown = "\n".join(str(p) for p in problems)
    assert len(problems) == 1, shown
    assert_has(problems, place, element, phrase)


def assert_has(problems: list[Problem], place: str, element: str, phrase: str) -> None:
    shown = "\n".join(str(p) for p in problems)
    wanted = f"t.yaml:{place}: {element}: " if element else f"t.yaml:{place}: "
    assert any(str(p).startswith(wanted) and phrase in p.message for p in problems), shown


def test_a_valid_instrument_has_no_problems():
    """The valid fixture, with unquoted yes/no option keys, lints clean."""
    assert lint_text(VALID, "t.yaml") == []
    assert lint_path(FIXTURES / "valid.yaml") == []


def test_a_problem_reads_source_line_column_element_message():
    """A problem prints as SOURCE:LINE:COLUMN: ELEMENT: MESSAGE, without ELEMENT when empty."""
    assert str(Problem("f.yaml", 3, 7, "items[a].text", "missing sv")) == (
        "f.yaml:3:7: items[a].text: missing sv"
    )
    assert str(Problem("f.yaml", 1, 1, "", "the file is empty")) == "f.yaml:1:1: the file is empty"


def test_problems_are_sorted_by_line_and_column():
    """Several problems come back in the order they appear in the file."""
    problems = lint_changed(
        ("text: {en: Notes, sv: Anteckningar}", "text: {en: Notes}"),
        ("text: {en: We learn., sv: Vi lär oss.}", "text: {en: We learn.}"),
    )
    assert [(p.line, p.column) for p in problems] == [(28, 9), (66, 13)]


# --- reading the file -------------------------------------------------------------------

READING = {
    "syntax error": ("title: {en: Lint check, sv: Lintkoll}", "title: {en: Lint check", "7:7"),
    "duplicate key": ("        type: scale\n", "        type: scale\n        type: text\n", "27:9"),
}


@pytest.mark.parametrize("name", sorted(READING))
def test_it_reports_yaml_problems_with_their_place(name):
    """Broken YAML and duplicate keys are reported at their line and column."""
    old, new, place = READING[name]
    problems = lint_changed((old, new))
    phrase = "YAML syntax error" if name == "syntax error" else "duplicate key 'type'"
    element = "items[people.learning].type" if name == "duplicate key" else ""
    assert_one(problems, place, element, phrase)


def test_it_names_the_first_line_of_a_duplicate_key():
    """A duplicate key's message gives the line of its first occurrence."""
    problems = lint_changed(("        type: scale\n", "        type: scale\n        type: text\n"))
    assert "first at line 26" in problems[0].message


def test_it_rejects_a_top_level_that_is_not_a_mapping():
    """A list or a single value at the top level is one problem at 1:1."""
    assert_one(lint_text("- a\n- b\n", "t.yaml"), "1:1", "", "top level must be a mapping")
    assert_one(lint_text("just text\n", "t.yaml"), "1:1", "", "not a single value")


def test_it_rejects_an_empty_file():
    """An empty file is a problem, not an empty instrument."""
    assert_one(lint_text("# only a comment\n", "t.yaml"), "1:1", "", "the file is empty")


def test_it_reports_a_broken_fixture_file_by_path():
    """lint_path names the file as the source of the problem."""
    problems = lint_path(FIXTURES / "syntax.yaml")
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{FIXTURES / 'syntax.yaml'}:4:")
    assert "YAML syntax error" in problems[0].message


# --- hostile input ----------------------------------------------------------------------


# Speed is measured by the benchmarks; these tests only prove a clean refusal (a hang
# would show as a test run that does not finish).


def test_it_refuses_aliases_at_the_first_anchor():
    """A billion-laughs file is refused at its first anchor, before any alias is expanded."""
    problems = lint_path(FIXTURES / "billion_laughs.yaml")
    assert [(p.line, p.column) for p in problems] == [(1, 4)]
    assert "anchors and aliases" in problems[0].message


def test_it_refuses_deep_nesting_at_level_64():
    """10,000 nested lists are refused at level 64 without a recursion error."""
    problems = lint_path(FIXTURES / "deep.yaml")
    assert [(p.line, p.column) for p in problems] == [(1, 65)]
    assert "deeper than 64 levels" in problems[0].message


def test_it_refuses_a_python_tag():
    """A !!python/object tag is refused, and nothing is constructed."""
    problems = lint_path(FIXTURES / "python_tag.yaml")
    assert [(p.line, p.column) for p in problems] == [(2, 5)]
    assert "!!python/object/apply:os.system is not allowed" in problems[0].message


def test_it_reports_invalid_utf8_at_its_place():
    """A byte that is not UTF-8 is one problem at its line and column."""
    problems = lint_path(FIXTURES / "bad_utf8.yaml")
    assert [(p.line, p.column) for p in problems] == [(2, 8)]
    assert "not valid UTF-8" in problems[0].message


def test_it_refuses_a_file_over_the_size_limit_before_reading_it(tmp_path):
    """A 3 MiB file is refused by size, both from a path and as text."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (3 * 1024 * 1024) + b"\n")
    problems = lint_path(big)
    assert len(problems) == 1 and "the limit is 2,097,152 bytes" in problems[0].message
    problems = lint_text("a: " + "x" * (MAX_BYTES + 1), "t.yaml")
    assert_one(problems, "1:1", "", "the limit is 2,097,152 bytes")


# --- schema -----------------------------------------------------------------------------

SCHEMA = {
    "unknown item type": (
        ("type: multi", "type: likert"),
        "35:9",
        "items[people.channels]",
        "unknown item type 'likert'; use one of scale, choice, multi, number, text, pair",
    ),
    "missing field": (
        ("        text: {en: We learn., sv: Vi lär oss.}\n", ""),
        "25:9",
        "items[people.learning]",
        "missing required field 'text'",
    ),
    "unknown field": (
        ("    min: 1\n", "    min: 1\n    steps: 5\n"),
        "10:5",
        "scales.agree5",
        "unknown field 'steps'; remove it or check its spelling",
    ),
    "zero weight": (
        ("        scale: agree5\n", "        scale: agree5\n        weight: 0\n"),
        "28:9",
        "items[people.learning].weight",
        "weights must be positive",
    ),
    "bad key": (
        ("key: people.notes", "key: People.Notes"),
        "64:13",
        "items[People.Notes].key",
        "'People.Notes' is not a valid key",
    ),
    "scale of the wrong shape": (
        ("scale: agree5\n        text: {en: We", "scale: 5\n        text: {en: We"),
        "27:9",
        "items[people.learning].scale",
        "must be a scale key or an inline scale",
    ),
    "condition value of the wrong shape": (
        ("equals: yes}", "equals: [yes]}"),
        "56:49",
        "items[people.say].show_if.any[0].equals",
        "must be a number or text",
    ),
    "condition with two tests": (
        ("at_least: 3}", "at_least: 3, answered: true}"),
        "33:9",
        "items[people.plan].show_if",
        "give exactly one of: equals, in, at_least, at_most, includes, answered",
    ),
    "language code as a text key": (
        ("title: {en: Lint check,", "title: {EN: Lint check,"),
        "6:9",
        "title.EN",
        "the key 'EN' is not a language code",
    ),
    "level bound above 100": (
        ("min: 51, max: 100", "min: 51, max: 150"),
        "70:30",
        "levels[advanced].max",
        "must be at most 100; give a smaller number",
    ),
    "empty list": (
        ("languages: [en, sv]", "languages: []"),
        "4:1",
        "languages",
        "needs at least 1 entry; add one",
    ),
    "text instead of a list": (
        ("languages: [en, sv]", "languages: en"),
        "4:1",
        "languages",
        "must be a list; write its entries as '- entry' lines or as [a, b]",
    ),
    "text instead of true or false": (
        ("        scale: agree5\n", "        scale: agree5\n        required: maybe\n"),
        "28:9",
        "items[people.learning].required",
        "must be true or false; write one of them, without quotes",
    ),
    "fraction instead of a whole number": (
        ("    min: 1\n", "    min: 1.5\n"),
        "9:5",
        "scales.agree5.min",
        "must be a whole number, such as 3; drop the decimals",
    ),
    "empty text": (
        ("title: {en: Lint check,", "title: {en: '',"),
        "6:9",
        "title.en",
        "must not be empty; write a text or leave the field out",
    ),
    "text instead of a number": (
        ("            min: 0\n", "            min: zero\n"),
        "47:13",
        "items[people.size].min",
        "must be a number",
    ),
    "wrong format": (
        ("format: mognad/1", "format: mognad/2"),
        "1:1",
        "format",
        "must be 'mognad/1'; write that instead",
    ),
}


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_it_words_schema_errors_plainly(name):
    """Each schema violation is one problem with a plain message at the offending node."""
    change, place, element, phrase = SCHEMA[name]
    assert_one(lint_changed(change), place, element, phrase)


def test_whole_instrument_checks_still_run_past_a_droppable_schema_error():
    """A negative weight and a gap in the levels are both reported in one pass."""
    problems = lint_changed(
        ("        scale: agree5\n", "        scale: agree5\n        weight: -2\n"),
        ("{key: average, min: 26,", "{key: average, min: 31,"),
    )
    assert [p.message.split(";")[0] for p in problems] == [
        "weights must be positive",
        "levels leave 26-30 uncovered",
    ]


# --- keys -------------------------------------------------------------------------------

KEYS = {
    "item key used by a dimension": (
        ("key: people.notes", "key: people.voice"),
        "64:13",
        "items[people.voice]",
        "already used by a dimension; dimensions and items share one namespace",
    ),
    "reserved key": (
        ("key: people.notes", "key: overall"),
        "64:13",
        "items[overall]",
        "the key 'overall' is reserved",
    ),
    "duplicate option key": (
        ("{key: fax,", "{key: chat,"),
        "40:14",
        "items[people.channels].options[chat]",
        "duplicate option key 'chat'",
    ),
    "duplicate level key": (
        ("{key: average,", "{key: basic,"),
        "69:6",
        "levels[basic]",
        "duplicate level key 'basic'",
    ),
    "duplicate category key": (
        (
            "    - {key: routine, title: {en: Routine, sv: Rutin}}\n",
            "    - {key: routine, title: {en: Routine, sv: Rutin}}\n"
            "    - {key: routine, title: {en: Again, sv: Igen}}\n",
        ),
        "75:8",
        "phases.categories[routine]",
        "duplicate category key 'routine'",
    ),
    "duplicate recommendation key": (
        (
            "    text: {en: Set time aside., sv: Avsätt tid.}\n",
            "    text: {en: Set time aside., sv: Avsätt tid.}\n"
            "  - key: people.low\n"
            "    when: {score_below: 10}\n"
            "    title: {en: Again, sv: Igen}\n"
            "    text: {en: Again, sv: Igen}\n",
        ),
        "81:5",
        "recommendations[people.low]",
        "duplicate recommendation key 'people.low'",
    ),
    "duplicate scale point": (
        ("{value: 5, label: {en: Agree", "{value: 1, label: {en: Agree"),
        "13:10",
        "scales.agree5.labels[1]",
        "point 1 is labelled twice",
    ),
    "label off the scale": (
        ("{value: 5, label: {en: Agree", "{value: 7, label: {en: Agree"),
        "13:10",
        "scales.agree5.labels[1]",
        "value 7 is outside the scale (1 to 5)",
    ),
}


@pytest.mark.parametrize("name", sorted(KEYS))
def test_it_rejects_clashing_keys_and_scale_labels(name):
    """Keys are unique where they must be, never reserved, and labels fit their scale."""
    change, place, element, phrase = KEYS[name]
    assert_one(lint_changed(change), place, element, phrase)


# --- references -------------------------------------------------------------------------

REFERENCES = {
    "unknown scale": (
        ("scale: agree5\n        text: {en: We", "scale: agree7\n        text: {en: We"),
        "27:9",
        "items[people.learning].scale",
        "unknown scale 'agree7'; use one of: agree5, ypn",
    ),
    "choice item on an n-point scale": (
        ("scale: ypn", "scale: agree5"),
        "31:9",
        "items[people.plan].scale",
        "'agree5' is an n-point scale; a choice item needs a choice scale",
    ),
    "pair item on a choice scale": (
        ("scale: agree5\n            text: {en: Say", "scale: ypn\n            text: {en: Say"),
        "52:13",
        "items[people.say].scale",
        "'ypn' is a choice scale; a pair item needs an n-point scale",
    ),
    "condition on an unknown item": (
        ("{item: people.learning,", "{item: people.learned,"),
        "33:19",
        "items[people.plan].show_if.item",
        "unknown item 'people.learned'",
    ),
    "condition on a dimension": (
        ("{item: people.learning,", "{item: people,"),
        "33:19",
        "items[people.plan].show_if.item",
        "'people' is a dimension; a condition needs an earlier item",
    ),
    "condition on its own item": (
        ("{item: people.learning,", "{item: people.plan,"),
        "33:19",
        "items[people.plan].show_if.item",
        "the condition refers to its own item",
    ),
    "condition on a later item": (
        ("{item: people.learning,", "{item: people.size,"),
        "33:19",
        "items[people.plan].show_if.item",
        "item 'people.size' comes later in the questionnaire; a condition may only use "
        "earlier items, so move 'people.size' before 'people.plan'",
    ),
    "includes with an unknown option": (
        ("includes: wiki", "includes: blog"),
        "56:87",
        "items[people.say].show_if.any[1].includes",
        "item 'people.channels' has no option 'blog'; use one of: chat, wiki, fax",
    ),
    "includes on a single-choice item": (
        ("{item: people.channels, includes: wiki}", "{item: people.plan, includes: wiki}"),
        "56:83",
        "items[people.say].show_if.any[1].includes",
        "includes works only on multiple-choice items; 'people.plan' is a choice item",
    ),
    "at_least on a choice item": (
        (
            "            text: {en: Stage?, sv: Skede?}\n",
            "            text: {en: Stage?, sv: Skede?}\n"
            "            show_if: {item: people.plan, at_least: 1}\n",
        ),
        "60:42",
        "items[people.stage].show_if.at_least",
        "at_least needs a scale, number or pair item; 'people.plan' is a choice item",
    ),
    "equals with an unknown option": (
        ("equals: yes}", "equals: maybe}"),
        "56:49",
        "items[people.say].show_if.any[0].equals",
        "item 'people.plan' has no option 'maybe'; use one of: yes, partly, no",
    ),
    "recommendation on an unknown dimension": (
        ("dimension: people,", "dimension: persons,"),
        "78:12",
        "recommendations[people.low].when.dimension",
        "unknown dimension 'persons'; use one of: people, people.voice",
    ),
    "recommendation on an unknown level": (
        ("level: [basic]", "level: [basik]"),
        "78:39",
        "recommendations[people.low].when.level[0]",
        "unknown level 'basik'; use one of: basic, average, advanced",
    ),
    "recommendation on an unknown phase": (
        ("phase: [starting]", "phase: [ending]"),
        "78:55",
        "recommendations[people.low].when.phase[0]",
        "unknown phase 'ending'; use one of: starting, routine",
    ),
    "points to an unknown category": (
        ("points: {routine: 2}", "points: {routin: 2}"),
        "39:63",
        "items[people.channels].options[wiki].points.routin",
        "unknown category 'routin'; use one of: starting, routine",
    ),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_it_rejects_broken_references(name):
    """Every reference names something that exists and fits where it is used."""
    change, place, element, phrase = REFERENCES[name]
    assert_one(lint_changed(change), place, element, phrase)


STAGE_TEXT = "            text: {en: Stage?, sv: Skede?}\n"


def lint_stage_condition(condition: str) -> list[tuple[str, str]]:
    """(element, message) of every problem once people.stage gets `show_if: CONDITION`."""
    problems = lint_changed((STAGE_TEXT, STAGE_TEXT + f"            show_if: {condition}\n"))
    return [(p.element, p.message) for p in problems]


def test_at_least_and_at_most_work_on_a_pair_item():
    """A pair's performance part is a number on its scale, so thresholds are allowed."""
    assert lint_stage_condition("{item: people.say, at_least: 3}") == []
    assert lint_stage_condition("{item: people.say, at_most: 2}") == []


def test_it_rejects_true_or_false_as_a_value_to_compare():
    """`equals: true` would test for the answer 1; it is refused with what to write instead."""
    message = (
        "true is not an answer to compare with; give a number or an option key "
        "(in quotes if it reads as true/false), or test answered: true"
    )
    element = "items[people.stage].show_if"
    assert lint_stage_condition("{item: people.learning, equals: true}") == [
        (f"{element}.equals", message)
    ]
    assert lint_stage_condition("{item: people.size, in: [2, true]}") == [
        (f"{element}.in[1]", message)
    ]
    assert lint_stage_condition("{item: people.size, at_least: true}")[0][0] == (
        f"{element}.at_least"
    )


def test_it_rejects_scale_values_that_can_never_hold():
    """On a scale or pair item a value must be on the scale or one of its missing keys."""
    element = "items[people.stage].show_if"
    allowed = "use a whole number from 1 to 5 or one of: dk"
    assert lint_stage_condition("{item: people.learning, in: [dk, 5, 2.0]}") == []
    assert lint_stage_condition("{item: people.learning, in: [na, 6, 2.5]}") == [
        (f"{element}.in[0]", f"item 'people.learning' has no answer 'na'; {allowed}"),
        (f"{element}.in[1]",
         f"6 is not on the scale of item 'people.learning', so it never holds; {allowed}"),
        (f"{element}.in[2]",
         f"2.5 is not on the scale of item 'people.learning', so it never holds; {allowed}"),
    ]  # fmt: skip
    assert lint_stage_condition("{item: people.say, equals: 0}")[0][0] == f"{element}.equals"


def test_it_rejects_number_values_that_can_never_hold():
    """On a number item a value must be a number within min and max."""
    element = "items[people.stage].show_if"
    allowed = "use a number from 0 to 1000"
    assert lint_stage_condition("{item: people.size, in: [0, 1000, 12.5]}") == []
    assert lint_stage_condition("{item: people.size, in: [dk, 1001]}") == [
        (f"{element}.in[0]", f"item 'people.size' takes a number, never 'dk'; {allowed}"),
        (f"{element}.in[1]",
         f"1001 is outside the range of item 'people.size', so it never holds; {allowed}"),
    ]  # fmt: skip


def test_it_reports_option_fields_that_the_item_type_ignores():
    """weight and exclusive do nothing on single choice, score nothing on multiple choice."""
    problems = lint_changed(
        ("{key: chat, label", "{key: chat, score: 2, label"),
        ("{key: early, score: 0,", "{key: early, score: 0, weight: 1, exclusive: false,"),
        ("{key: no, score: 0,", "{key: no, score: 0, exclusive: true,"),
    )
    assert [(p.element, p.message) for p in problems] == [
        ("scales.ypn.options[no].exclusive",
         "'exclusive' has no effect on a single-choice option; only one option can be chosen "
         "anyway"),
        ("items[people.channels].options[chat].score",
         "'score' has no effect on a multiple-choice option; use weight"),
        ("items[people.stage].options[early].weight",
         "'weight' has no effect on a single-choice option; use score"),
        ("items[people.stage].options[early].exclusive",
         "'exclusive' has no effect on a single-choice option; only one option can be chosen "
         "anyway"),
    ]  # fmt: skip


def test_it_rejects_levels_and_phase_tests_without_levels_or_phases():
    """Level tests need levels; phase tests and option points need phases."""
    start = VALID.index("levels:\n")
    end = VALID.index("recommendations:\n")
    problems = lint_changed((VALID[start:end], ""))
    points = [(p.line, p.column) for p in problems if "points need phases" in p.message]
    assert points == [(38, 55), (39, 54), (61, 72), (62, 69)]
    assert_has(
        problems, "70:31", "recommendations[people.low].when.level", "the instrument has no levels"
    )
    assert_has(
        problems, "70:47", "recommendations[people.low].when.phase", "the instrument has no phases"
    )
    assert len(problems) == 6


# --- levels -----------------------------------------------------------------------------


def test_it_reports_the_exact_gap_between_levels():
    """A gap names the uncovered scores."""
    problems = lint_changed(("{key: average, min: 26,", "{key: average, min: 31,"))
    assert_one(problems, "67:1", "levels", "levels leave 26-30 uncovered")


def test_it_reports_the_exact_overlap_between_levels():
    """An overlap names both levels and the scores they share."""
    problems = lint_changed(
        ("{key: basic, min: 0, max: 25,", "{key: basic, min: 0, max: 26,"),
        ("{key: average, min: 26,", "{key: average, min: 25,"),
    )
    assert_one(problems, "69:5", "levels[average]", "levels basic and average overlap on 25-26")


def test_it_reports_a_level_with_min_above_max():
    """min above max is named; its scores then count as uncovered."""
    problems = lint_changed(("min: 51, max: 100", "min: 100, max: 51"))
    assert_has(problems, "70:21", "levels[advanced]", "min (100) is above max (51)")
    assert_has(problems, "67:1", "levels", "levels leave 51-100 uncovered")


# --- translations -----------------------------------------------------------------------

TRANSLATIONS = {
    "missing language": (
        ("text: {en: We learn., sv: Vi lär oss.}", "text: {en: We learn.}"),
        "28:9",
        "items[people.learning].text",
        "missing sv; give the text in every declared language",
    ),
    "undeclared language": (
        ("text: {en: We learn., sv: Vi lär oss.}", "text: {en: We learn., sv: Vi., fr: Nous.}"),
        "28:40",
        "items[people.learning].text.fr",
        "'fr' is not one of the languages (en, sv)",
    ),
    "default language not declared": (
        ("default_language: en", "default_language: de"),
        "5:1",
        "default_language",
        "'de' is not among languages (en, sv)",
    ),
    "language listed twice": (
        ("languages: [en, sv]", "languages: [en, sv, en]"),
        "4:21",
        "languages[2]",
        "the language 'en' is listed twice",
    ),
}


@pytest.mark.parametrize("name", sorted(TRANSLATIONS))
def test_it_checks_every_text_against_the_languages(name):
    """Every text has exactly the declared languages, which include the default."""
    change, place, element, phrase = TRANSLATIONS[name]
    assert_one(lint_changed(change), place, element, phrase)


def test_it_names_every_missing_language():
    """A text lacking two languages names both."""
    problems = lint_changed(
        ("languages: [en, sv]", "languages: [en, sv, de]"),
    )
    assert problems and all("missing de;" in p.message for p in problems)


# --- weights and scoring ----------------------------------------------------------------

SCORING = {
    "multi without a positive weight": (
        ("{key: chat, label", "{key: chat, weight: 0, label"),
        ("{key: wiki, label", "{key: wiki, weight: -2, label"),
        "37:9",
        "items[people.channels].options",
        "no option has a positive weight",
    ),
    "option without a score": (
        ("{key: late, score: 10, label", "{key: late, label"),
        ("", ""),
        "62:18",
        "items[people.stage].options[late]",
        "this option needs a score (its item is scored)",
    ),
    "shared scale option without a score": (
        ("{key: partly, score: 1, label", "{key: partly, label"),
        ("", ""),
        "31:9",
        "items[people.plan].scale",
        "scale 'ypn' has options without a score (partly)",
    ),
    "all scores equal": (
        ("{key: late, score: 10,", "{key: late, score: 0,"),
        ("", ""),
        "60:13",
        "items[people.stage].options",
        "every option has the same score, so the item cannot tell answers apart",
    ),
    "every option missing": (
        ("{key: early, score: 0,", "{key: early, score: 0, missing: true,"),
        ("{key: late, score: 10,", "{key: late, score: 10, missing: true,"),
        "60:13",
        "items[people.stage].options",
        "every option is marked missing",
    ),
}


@pytest.mark.parametrize("name", sorted(SCORING))
def test_it_rejects_items_that_cannot_score(name):
    """Scored items need weights or scores that can tell answers apart."""
    first, second, place, element, phrase = SCORING[name]
    assert_one(lint_changed(first, second), place, element, phrase)


def test_it_rejects_a_dimension_without_a_scored_item():
    """A dimension holding only unscored items asks for a scored item or its removal."""
    extra = (
        "  - key: extra\n"
        "    title: {en: Extra, sv: Extra}\n"
        "    items:\n"
        "      - key: extra.notes\n"
        "        type: text\n"
        "        text: {en: Notes, sv: Noter}\n"
        "levels:\n"
    )
    problems = lint_changed(("levels:\n", extra))
    message = "no scored item in this dimension; add a scored item or remove the dimension"
    assert_one(problems, "67:5", "dimensions[extra]", message)


def test_a_dimension_is_scored_through_its_sub_dimensions():
    """A parent with no items of its own is fine when a sub-dimension has a scored item."""
    text = """\
id: nested
version: 1.0.0
languages: [en]
default_language: en
title: {en: Nested}
dimensions:
  - key: parent
    title: {en: Parent}
    dimensions:
      - key: child
        title: {en: Child}
        items:
          - {key: child.a, type: scale, scale: {min: 0, max: 5}, text: {en: A}}
"""
    assert lint_text(text, "t.yaml") == []


# --- loading ----------------------------------------------------------------------------


def test_parse_instrument_returns_the_validated_instrument():
    """Good text becomes an Instrument."""
    instrument = parse_instrument(VALID)
    assert isinstance(instrument, Instrument)
    assert [o.key for o in instrument.scales["ypn"].options] == ["yes", "partly", "no"]


def test_parse_instrument_raises_with_every_problem():
    """Broken text raises InstrumentError carrying the problems, named by source."""
    text = VALID.replace("scale: ypn", "scale: agree5").replace("max: 25,", "max: 20,")
    with pytest.raises(InstrumentError) as raised:
        parse_instrument(text, "mine.yaml")
    assert [(p.line, p.column) for p in raised.value.problems] == [(31, 9), (67, 1)]
    assert "mine.yaml:31:9: items[people.plan].scale:" in str(raised.value)


def test_read_instrument_reads_a_file_and_refuses_a_broken_one():
    """read_instrument returns the instrument of a good file and raises for a hostile one."""
    assert read_instrument(FIXTURES / "valid.yaml").id == "lint-check"
    with pytest.raises(InstrumentError) as raised:
        read_instrument(FIXTURES / "billion_laughs.yaml")
    assert len(raised.value.problems) == 1


# --- robustness -------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_lint_never_raises_on_arbitrary_text(text):
    """Any text gives a list of problems, never an exception."""
    problems = lint_text(text, "t.yaml")
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


@st.composite
def mutated_valid(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            end = draw(st.integers(at, min(len(text), at + 40)))
            text = text[:at] + text[end:]
        else:
            insert = draw(
                st.sampled_from(["-", ":", " ", "\n", "[", "{", "x", "0", "'", "&a", "*a"])
            )
            text = text[:at] + insert + text[at:]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_valid())
def test_lint_never_raises_on_a_mutated_instrument(text):
    """Random cuts and insertions in a valid file give problems or an instrument, never a crash."""
    problems = lint_text(text, "t.yaml")
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in problems)
