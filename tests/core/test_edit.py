"""Editing operations return a new, well-shaped instrument and carry references along."""

import pytest

from mognad.core import edit
from mognad.core.lint import Problem
from mognad.instruments import find_builtin


def _theses():
    instrument = find_builtin("seven-theses")
    assert instrument is not None
    return instrument


def _item_path(instrument, key):
    for d, dim in enumerate(instrument.dimensions):
        for i, item in enumerate(dim.items):
            if item.key == key:
                return ("dimensions", d, "items", i)
    raise AssertionError(key)


def test_set_text_changes_one_language_and_leaves_the_original_alone():
    """Rewording an item in Swedish changes only that text, in a new instrument."""
    before = _theses()
    path = (*_item_path(before, "availability.targets"), "text")
    after = edit.set_text(before, path, "sv", "Har vi mål för drifttid?")
    assert edit.get(after, path)["sv"] == "Har vi mål för drifttid?"
    assert edit.get(after, path)["en"] == edit.get(before, path)["en"]
    assert edit.get(before, path)["sv"] != "Har vi mål för drifttid?"


def test_an_empty_text_removes_the_language_and_lint_says_it_is_missing():
    """Clearing the Dutch text leaves the draft well-shaped, and lint names the element."""
    path = (*_item_path(_theses(), "availability.targets"), "text")
    after = edit.set_text(_theses(), path, "nl", "   ")
    assert "nl" not in edit.get(after, path)
    found = edit.problems(after)
    assert [p.element for p in found] == ["items[availability.targets].text"]
    assert "missing nl" in found[0].message


def test_an_edit_that_breaks_the_shape_is_refused_naming_the_element():
    """A weight of -2 raises EditError naming the item's weight."""
    path = (*_item_path(_theses(), "availability.targets"), "weight")
    with pytest.raises(edit.EditError) as error:
        edit.set_value(_theses(), path, -2)
    assert error.value.complaints[0].element == "items[availability.targets].weight"


def test_renaming_an_item_renames_the_conditions_on_it():
    """The show-if of availability.targets_met follows the renamed item, so lint stays clean."""
    before = _theses()
    after = edit.rename(before, _item_path(before, "availability.targets"), "availability.goals")
    met = edit.get(after, _item_path(after, "availability.targets_met"))
    assert met["show_if"]["item"] == "availability.goals"
    assert edit.problems(after) == []


def test_renaming_a_dimension_renames_the_recommendations_on_it():
    """Recommendations on the availability dimension follow it to its new key."""
    before = _theses()
    index = [d.key for d in before.dimensions].index("availability")
    after = edit.rename(before, ("dimensions", index), "uptime")
    dims = {r.when.dimension for r in after.recommendations}
    assert "uptime" in dims and "availability" not in dims
    assert edit.problems(after) == []


def test_renaming_a_level_and_a_shared_scale_keeps_lint_clean():
    """Levels named in recommendations and scales named by items follow their new keys."""
    before = _theses()
    after = edit.rename(before, ("levels", 0), "starting")
    after = edit.rename(after, ("scales", "ypn"), "yes-partly-no")
    assert "ypn" not in after.scales
    assert edit.problems(after) == []


def test_renaming_an_option_renames_conditions_that_test_it():
    """`equals: a` on an item whose option a is renamed follows the option."""
    before = _theses()
    langs = before.languages
    choice = {
        "key": "data.kind",
        "type": "choice",
        "text": dict.fromkeys(langs, "Kind?"),
        "options": [
            {"key": "a", "score": 0, "label": dict.fromkeys(langs, "A")},
            {"key": "b", "score": 1, "label": dict.fromkeys(langs, "B")},
        ],
    }
    follow = {
        "key": "data.follow",
        "type": "scale",
        "scale": "agree5",
        "show_if": {"item": "data.kind", "equals": "a"},
        "text": dict.fromkeys(langs, "Then?"),
    }
    drafted = edit.insert(
        edit.insert(before, ("dimensions", 0, "items"), choice), ("dimensions", 0, "items"), follow
    )
    after = edit.rename(drafted, (*_item_path(drafted, "data.kind"), "options", 0), "alpha")
    assert edit.get(after, _item_path(after, "data.follow"))["show_if"] == {
        "item": "data.kind",
        "equals": "alpha",
    }
    assert edit.problems(after) == []


def test_removing_an_item_that_a_condition_uses_leaves_a_lint_problem():
    """The draft keeps its shape; lint names the condition that lost its item."""
    before = _theses()
    after = edit.remove(before, _item_path(before, "availability.targets"))
    elements = [p.element for p in edit.problems(after)]
    assert any(e.startswith("items[availability.targets_met].show_if") for e in elements)


def test_insert_and_move_reorder_dimensions():
    """A new dimension is added at the end and can be moved to the front."""
    before = _theses()
    new = {"key": "trust", "title": {lang: "Trust" for lang in before.languages}}
    new["items"] = [
        {
            "key": "trust.q1",
            "type": "scale",
            "scale": "agree5",
            "text": {lang: "We trust" for lang in before.languages},
        }
    ]
    after = edit.insert(before, ("dimensions",), new)
    last = len(after.dimensions) - 1
    assert after.dimensions[last].key == "trust"
    moved = edit.move(after, ("dimensions", last), -100)
    assert moved.dimensions[0].key == "trust"
    assert edit.problems(moved) == []


def test_adding_a_language_lists_every_text_as_missing_until_translated():
    """Declaring Finnish makes every text lack fi; translating them all makes lint clean."""
    from mognad.core.strings import strings

    before = _theses()
    after = edit.add_language(before, "fi")
    assert len(edit.problems(after)) == len(strings(before))
    done = edit.translate(after, "fi", {s.key: f"fi {s.key}" for s in strings(after)})
    assert edit.problems(done) == []


def test_translate_rejects_an_unknown_key():
    """A key that names no text is refused rather than dropped."""
    with pytest.raises(edit.EditError, match=r"items\.nope\.text"):
        edit.translate(_theses(), "sv", {"items.nope.text": "x"})


def test_the_default_language_cannot_be_removed():
    """Removing English, the default, is refused; removing Dutch drops its texts."""
    with pytest.raises(edit.EditError):
        edit.remove_language(_theses(), "en")
    after = edit.remove_language(_theses(), "nl")
    assert "nl" not in after.languages
    assert edit.problems(after) == []


def test_messages_go_to_the_most_specific_field():
    """A problem inside an option's label lands on the label, not on the item or a sibling."""
    found = [
        Problem("d", 1, 1, "items[q1].options[yes].label", "missing nl"),
        Problem("d", 1, 1, "items[q10].text", "missing sv"),
        Problem("d", 1, 1, "levels", "levels leave 0-10 uncovered"),
    ]
    fields = ["items[q1]", "items[q1].options[yes].label", "items[q1].text", "items[q10]"]
    assert edit.messages_by_field(found, fields) == {
        "items[q1].options[yes].label": ["missing nl"],
        "items[q10]": ["missing sv"],
        "": ["levels leave 0-10 uncovered"],
    }
