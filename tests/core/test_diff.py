"""Diffs between instrument versions, matched by key, and the version bump they suggest."""

from mognad.core import edit
from mognad.core.diff import diff_instruments, suggest_bump
from mognad.core.model import Instrument
from mognad.core.strings import instrument_data
from mognad.core.versions import bump_version, version_key
from mognad.instruments import find_builtin


def _people():
    instrument = find_builtin("people-first")
    assert instrument is not None
    return instrument


def _changed(instrument: Instrument, change) -> Instrument:
    data = instrument_data(instrument)
    change(data)
    return Instrument.model_validate(data)


def _first_choice_item(data):
    for dim in data["dimensions"]:
        for item in dim["items"]:
            if item.get("options"):
                return item
    raise AssertionError("no item with its own options")


def test_an_instrument_has_no_difference_from_itself_or_its_fork():
    """A fork under a new id and parent, with the same content, shows nothing changed."""
    people = _people()
    fork = people.model_copy(update={"id": "people-first-acme", "version": "2.0.0"})
    assert diff_instruments(people, people).changes == []
    assert diff_instruments(people, fork).changes == []
    assert suggest_bump(diff_instruments(people, fork)) is None


def test_renaming_a_dimension_is_a_patch_in_that_language():
    """A reworded title is one text change, named by the dimension's key and language."""
    people = _people()
    key = people.dimensions[0].key

    def rename(data):
        data["dimensions"][0]["title"]["nl"] = "Onze mensen"

    diff = diff_instruments(people, _changed(people, rename))
    [change] = diff.changes
    assert (change.kind, change.what, change.element, change.lang) == (
        "changed",
        "text",
        f"dimensions[{key}].title",
        "nl",
    )
    assert change.after == "Onze mensen"
    assert diff.texts() == {"nl": [change]}
    assert suggest_bump(diff) == "patch"


def test_a_changed_option_score_is_major():
    """Scores decide results, so a new score makes the versions incomparable."""
    theses = find_builtin("seven-theses")
    data = instrument_data(theses)
    item = _first_choice_item(data)
    option = item["options"][0]

    def rescore(data):
        target = _first_choice_item(data)["options"][0]
        target["score"] = (target.get("score") or 0) + 1

    diff = diff_instruments(theses, _changed(theses, rescore))
    [change] = diff.structure()
    assert change.element == f"items[{item['key']}].options[{option['key']}]"
    assert change.what == "score"
    assert suggest_bump(diff) == "major"


def test_moving_an_item_keeps_its_identity_but_is_major():
    """An item moved to another dimension is the same item, in a new place."""
    people = _people()

    def move(data):
        item = data["dimensions"][0]["items"].pop(0)
        data["dimensions"][1]["items"].append(item)

    diff = diff_instruments(people, _changed(people, move))
    [change] = diff.changes
    assert change.what == "in" and change.kind == "changed"
    assert change.before == f"dimensions[{people.dimensions[0].key}]"
    assert change.after == f"dimensions[{people.dimensions[1].key}]"
    assert suggest_bump(diff) == "major"


def test_removing_an_item_is_one_change_not_one_per_text():
    people = _people()
    key = people.dimensions[0].items[0].key

    def drop(data):
        data["dimensions"][0]["items"].pop(0)

    diff = diff_instruments(people, _changed(people, drop))
    assert [(c.kind, c.what, c.element) for c in diff.changes] == [
        ("removed", "item", f"items[{key}]")
    ]
    assert suggest_bump(diff) == "major"


def test_a_new_translation_is_minor():
    """Adding a language adds texts without touching any score."""
    people = _people()
    without_nl = edit.remove_language(people, "nl")
    diff = diff_instruments(without_nl, people)
    assert diff.structure()[0].what == "language"
    assert set(diff.texts()) == {"nl"}
    assert all(c.kind == "added" for c in diff.texts()["nl"])
    assert suggest_bump(diff) == "minor"
    assert suggest_bump(diff_instruments(people, without_nl)) == "major"


def test_an_added_free_text_question_and_recommendation_change_are_minor():
    """Unscored additions and advice change no result."""
    people = _people()

    def add(data):
        data["dimensions"][0]["items"].append(
            {
                "key": "own.words",
                "type": "text",
                "text": {lang: "Anything else?" for lang in data["languages"]},
            }
        )
        if data.get("recommendations"):
            data["recommendations"][0]["priority"] = (
                5 if data["recommendations"][0].get("priority") != 5 else 4
            )

    diff = diff_instruments(people, _changed(people, add))
    kinds = {(c.kind, c.what) for c in diff.changes}
    assert ("added", "item") in kinds
    assert suggest_bump(diff) == "minor"


def test_bumps_count_up_from_the_previous_version():
    assert bump_version("1.2.3", "patch") == "1.2.4"
    assert bump_version("1.2.3", "minor") == "1.3.0"
    assert bump_version("1.2.3", "major") == "2.0.0"
    assert version_key("1.10.0") > version_key("1.9.9")
