"""The safe YAML reader gives plain data with the place of every node, or a clean refusal."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mognad.core import yamlsafe


def refusal(text: str) -> yamlsafe.YamlProblem:
    """The one problem of a refused text; speed is left to the benchmarks."""
    loaded = yamlsafe.load(text)
    assert not loaded.ok and loaded.data is None and len(loaded.problems) == 1
    return loaded.problems[0]


def test_it_reads_plain_data_and_places_every_node():
    """Mapping entries are placed at their key, list entries at the entry (1-based)."""
    loaded = yamlsafe.load("a: 1\nb:\n  - x\n  - {c: 2}\n")
    assert loaded.ok and loaded.problems == []
    assert loaded.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert loaded.positions[("a",)] == (1, 1)
    assert loaded.positions[("b", 0)] == (3, 5)
    assert loaded.positions[("b", 1, "c")] == (4, 6)


def test_only_true_and_false_are_booleans():
    """yes/no/on/off stay text, so they work as option keys; true/false are booleans."""
    loaded = yamlsafe.load("[yes, no, on, off, y, true, false, True, null, ~]")
    assert loaded.data == ["yes", "no", "on", "off", "y", True, False, True, None, None]


def test_only_plain_decimal_numbers_are_numbers():
    """Octal, underscores, sexagesimal and dates stay text; decimals become int or float."""
    loaded = yamlsafe.load("[0755, 1_000, '1:30', 1:30, 2024-01-01, 1.0.0, -3, 2.5, 1e5, 1.5e+2]")
    assert loaded.data == [
        755,
        "1_000",
        "1:30",
        "1:30",
        "2024-01-01",
        "1.0.0",
        -3,
        2.5,
        "1e5",
        150.0,
    ]


def test_quoted_and_str_tagged_scalars_stay_text():
    """Quotes and !!str keep a value as text."""
    assert yamlsafe.load("[\"5\", '5', !!str 5, 'true']").data == ["5", "5", "5", "true"]


def test_it_reports_a_duplicate_key_at_its_second_occurrence():
    """The second occurrence is reported with the line of the first; the first value stays."""
    loaded = yamlsafe.load("a: 1\nb:\n  c: 2\n  c: 3\n")
    assert loaded.ok and loaded.data == {"a": 1, "b": {"c": 2}}
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.path) == (4, 3, ("b", "c"))
    assert problem.message == "duplicate key 'c' (first at line 3); remove one"


def test_it_refuses_anchors_and_aliases():
    """An anchor is refused where it stands, before any alias can expand."""
    problem = refusal("a: &x [1, 2]\nb: *x\n")
    assert (problem.line, problem.column) == (1, 4)
    assert "anchors and aliases" in problem.message


def test_it_refuses_a_billion_laughs_without_expanding_it():
    """Nested aliases are refused at once rather than expanded."""
    lines = ['a: &a ["lol", "lol"]'] + [
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    assert "anchors and aliases" in refusal("\n".join(lines)).message


def test_it_refuses_deep_nesting_without_recursion():
    """10,000 nested flow lists, mappings or block lists stop at MAX_DEPTH."""
    for text in ("[" * 10_000, "{a: " * 10_000, "- " * 10_000 + "x"):
        assert f"deeper than {yamlsafe.MAX_DEPTH} levels" in refusal(text).message


def test_it_refuses_python_tags():
    """No tag other than the plain ones is accepted, so nothing can be constructed."""
    problem = refusal("a: !!python/object/apply:os.system [echo owned]\n")
    assert (problem.line, problem.column) == (1, 4)
    assert "!!python/object/apply:os.system is not allowed" in problem.message
    assert "not allowed" in refusal("!!python/name:os.system\n").message


def test_it_refuses_text_over_the_size_limit():
    """More than MAX_BYTES of UTF-8 is refused before parsing."""
    problem = refusal("a: " + "é" * (yamlsafe.MAX_BYTES // 2))
    assert "the limit is 2,097,152 bytes" in problem.message


def test_it_reports_syntax_errors_with_line_and_column():
    """A YAML syntax error is placed and prefixed plainly."""
    problem = refusal("a: 1\nb: [1, 2\nc: 3\n")
    assert problem.line == 3
    assert problem.message.startswith("YAML syntax error:")


def test_it_refuses_more_than_one_document():
    """A second document is refused where it starts."""
    problem = refusal("a: 1\n---\nb: 2\n")
    assert (problem.line, problem.column) == (2, 1)


def test_it_refuses_control_characters_and_lone_surrogates():
    """Characters YAML does not allow are reported at their place."""
    problem = refusal("a: 1\nb: x\x00\n")
    assert (problem.line, problem.column) == (2, 5)
    assert "U+0000" in problem.message
    assert "U+D800" in refusal("a: \ud800").message


def test_it_refuses_infinite_numbers_and_collection_keys():
    """.inf, .nan and a list used as a key are refused."""
    assert "finite" in refusal("a: .inf").message
    assert "finite" in refusal("a: 1.0e+999").message
    assert "plain value" in refusal("? [a]\n: b\n").message


def test_an_empty_text_reads_as_nothing():
    """An empty or comment-only text is read without problems as None."""
    loaded = yamlsafe.load("# nothing\n")
    assert loaded.ok and loaded.data is None and loaded.problems == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_it_never_raises(text):
    """Any text is read or refused with problems; nothing escapes as an exception."""
    loaded = yamlsafe.load(text)
    assert loaded.ok or loaded.problems
