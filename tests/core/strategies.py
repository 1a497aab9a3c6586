"""Hypothesis strategies: random valid instruments and random valid answers for them.

Instruments are built as plain data and validated with the model, as an
instrument file would be. They are valid in the linter's sense: conditions
refer to earlier items and test values those items can take, levels cover 0-100,
every dimension holds a scored item, scored choice options have different scores,
a scored multiple-choice item has an option of positive weight, and points go only
to declared phase categories. Phase points are whole numbers, so sums are exact
and ties are real ties.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from mognad.core.model import (
    ChoiceItem,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    PairItem,
    ScaleItem,
    TextItem,
)

T = {"en": "t"}
CATEGORIES = ["starting", "routine", "fading"]
weights = st.sampled_from([0.5, 1.0, 1.0, 2.0, 3.0])
shares = st.sampled_from([0.0, 0.25, 0.5, 0.5, 0.75, 1.0])


@st.composite
def instruments(draw: st.DrawFn) -> Instrument:
    """A random valid instrument of up to about a dozen items."""
    counter = iter(range(1000))
    items: list[dict[str, Any]] = []  # every item so far, for conditions
    dims = [draw(_dimension(counter, items, depth=0)) for _ in range(draw(st.integers(1, 3)))]
    data = {
        "id": "random",
        "version": "1.0.0",
        "languages": ["en"],
        "default_language": "en",
        "title": T,
        "scoring": {"min_answered": draw(shares), "overall_min_dimensions": draw(shares)},
        "scales": {"shared": {"min": 1, "max": 5, "missing": [{"key": "dk", "label": T}]}},
        "dimensions": dims,
        "levels": draw(_levels()),
    }
    categories: list[str] = []
    if draw(st.booleans()):
        categories = CATEGORIES[: draw(st.integers(2, 3))]
        data["phases"] = {
            "categories": [{"key": c, "title": T} for c in categories],
            "tie": draw(st.sampled_from(["first", "last"])),
        }
    for item in items:
        _keep_points(item, categories)
    return Instrument.model_validate(data)


def _keep_points(item: dict[str, Any], categories: list[str]) -> None:
    """Drop points to categories the instrument does not declare, as lint demands."""
    for option in item.get("options", []):
        points = {c: n for c, n in option.pop("points", {}).items() if c in categories}
        if points:
            option["points"] = points


@st.composite
def _dimension(draw: st.DrawFn, counter: Any, items: list[dict[str, Any]], depth: int) -> Any:
    key = f"d{next(counter)}"
    own = [draw(_scale_item(counter))]  # every dimension holds a scored item
    own += [draw(_item(counter)) for _ in range(draw(st.integers(0, 3)))]
    for item in own:
        if items and draw(st.integers(0, 3)) == 0:
            item["show_if"] = draw(_condition(items))
        items.append(item)
    children = []
    if depth < 2:
        children = [
            draw(_dimension(counter, items, depth + 1)) for _ in range(draw(st.integers(0, 2)))
        ]
    dim: dict[str, Any] = {"key": key, "title": T, "weight": draw(weights), "items": own}
    dim["dimensions"] = children
    if draw(st.booleans()):
        dim["min_answered"] = draw(shares)
    return dim


def _base(counter: Any, kind: str) -> dict[str, Any]:
    return {"key": f"i{next(counter)}", "type": kind, "text": T}


@st.composite
def _scale_item(draw: st.DrawFn, counter: Any) -> dict[str, Any]:
    item = _base(counter, "scale") | {"weight": draw(weights), "reverse": draw(st.booleans())}
    if draw(st.booleans()):
        item["scale"] = "shared"
    else:
        low = draw(st.integers(-3, 3))
        missing = [
            {"key": k, "label": T} for k in draw(st.sampled_from([[], ["na"], ["na", "dk"]]))
        ]
        item["scale"] = {"min": low, "max": low + draw(st.integers(1, 6)), "missing": missing}
    return item


def _item(counter: Any) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        _scale_item(counter),
        _choice_item(counter),
        _multi_item(counter),
        _number_item(counter),
        _pair_item(counter),
        st.just(_base(counter, "text")),
    )


@st.composite
def _points(draw: st.DrawFn) -> dict[str, int]:
    chosen = draw(st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True))
    return {c: draw(st.integers(0, 3)) for c in chosen}


@st.composite
def _choice_item(draw: st.DrawFn, counter: Any) -> dict[str, Any]:
    item = _base(counter, "choice") | {"weight": draw(weights), "reverse": draw(st.booleans())}
    item["scored"] = draw(st.booleans())
    scores = draw(st.lists(st.integers(-2, 4), min_size=2, max_size=4))
    if len(set(scores)) == 1:  # equal scores cannot tell answers apart; lint refuses them
        scores[-1] += 1
    options = [
        {"key": f"o{k}", "label": T, "score": score, "points": draw(_points())}
        for k, score in enumerate(scores)
    ]
    if draw(st.booleans()):
        options.append({"key": "na", "label": T, "missing": True, "points": draw(_points())})
    item["options"] = options
    return item


@st.composite
def _multi_item(draw: st.DrawFn, counter: Any) -> dict[str, Any]:
    item = _base(counter, "multi") | {"weight": draw(weights), "scored": draw(st.booleans())}
    options = [
        {
            "key": f"o{k}",
            "label": T,
            "weight": draw(st.sampled_from([None, -2, -1, 0, 1, 2, 3])),
            "points": draw(_points()),
        }
        for k in range(draw(st.integers(1, 4)))
    ]
    if not any(o["weight"] is None or o["weight"] > 0 for o in options):
        options[0]["weight"] = draw(st.sampled_from([None, 1, 2]))  # lint wants one positive
    if draw(st.booleans()):
        options.append({"key": "none", "label": T, "weight": 0, "exclusive": True})
    if draw(st.booleans()):
        options.append({"key": "dk", "label": T, "missing": True, "points": draw(_points())})
    item["options"] = options
    return item


@st.composite
def _number_item(draw: st.DrawFn, counter: Any) -> dict[str, Any]:
    low = draw(st.integers(-10, 10))
    return _base(counter, "number") | {
        "min": low,
        "max": low + draw(st.integers(1, 50)),
        "integer": draw(st.booleans()),
        "scored": draw(st.booleans()),
        "reverse": draw(st.booleans()),
        "weight": draw(weights),
    }


@st.composite
def _pair_item(draw: st.DrawFn, counter: Any) -> dict[str, Any]:
    return _base(counter, "pair") | {
        "scale": "shared",
        "importance": T,
        "performance": T,
        "weight": draw(weights),
    }


@st.composite
def _condition(draw: st.DrawFn, earlier: list[dict[str, Any]]) -> Any:
    tests = [draw(_test(draw(st.sampled_from(earlier)))) for _ in range(draw(st.integers(1, 2)))]
    if len(tests) == 1:
        return tests[0]
    return {draw(st.sampled_from(["all", "any"])): tests}


@st.composite
def _test(draw: st.DrawFn, item: dict[str, Any]) -> dict[str, Any]:
    test: dict[str, Any] = {"item": item["key"]}
    kind = item["type"]
    choices = ["answered"]
    if kind in ("scale", "number", "pair"):
        choices += ["at_least", "at_most", "equals"]
    if kind == "choice":
        choices += ["equals", "in"]
    if kind == "multi":
        choices += ["includes"]
    if kind == "text":
        choices += ["equals"]
    test_kind = draw(st.sampled_from(choices))
    if test_kind == "answered":
        test["answered"] = draw(st.booleans())
    elif test_kind in ("at_least", "at_most"):
        test[test_kind] = draw(st.integers(-3, 6))
    elif kind == "choice":
        keys = [o["key"] for o in item["options"]]
        test["equals" if test_kind == "equals" else "in"] = (
            draw(st.sampled_from(keys))
            if test_kind == "equals"
            else draw(st.lists(st.sampled_from(keys), min_size=1, max_size=2))
        )
    elif kind == "multi":
        test["includes"] = draw(st.sampled_from([o["key"] for o in item["options"]]))
    elif kind == "text":
        test["equals"] = draw(st.sampled_from(["yes", "no"]))
    else:
        test["equals"] = draw(st.sampled_from(_possible_values(item)))
    return test


def _possible_values(item: dict[str, Any]) -> list[Any]:
    """The values an `equals` test on a scale, pair or number item may name."""
    if item["type"] == "number":
        return list(range(item["min"], item["max"] + 1))
    scale = item["scale"]
    if scale == "shared":
        return [1, 2, 3, 4, 5, "dk"]
    return [*range(scale["min"], scale["max"] + 1), *(m["key"] for m in scale["missing"])]


@st.composite
def levels(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Bands that cover 0-100 with no gap and no overlap."""
    cuts = sorted(draw(st.sets(st.integers(1, 100), max_size=3)))
    bounds = [0, *cuts, 101]
    return [
        {"key": f"l{k}", "title": T, "min": bounds[k], "max": bounds[k + 1] - 1}
        for k in range(len(bounds) - 1)
    ]


_levels = levels


# --- answers ------------------------------------------------------------------------


@st.composite
def answers(draw: st.DrawFn, instrument: Instrument) -> dict[str, Any]:
    """A valid answers document: every item answered, missing or left out at random."""
    doc: dict[str, Any] = {}
    for _, item in instrument.walk_items():
        if draw(st.integers(0, 4)) > 0:
            doc[item.key] = draw(answer(instrument, item))
    return doc


def answer(instrument: Instrument, item: Item) -> st.SearchStrategy[Any]:
    """A valid answer to one item."""
    if isinstance(item, ScaleItem):
        return _scale_answer(instrument, item)
    if isinstance(item, PairItem):
        part = _scale_answer(instrument, item)
        return st.fixed_dictionaries({}, optional={"importance": part, "performance": part})
    if isinstance(item, ChoiceItem):
        return st.sampled_from([o.key for o in instrument.resolve_options(item)])
    if isinstance(item, MultiItem):
        return _multi_answer(item)
    if isinstance(item, NumberItem):
        return _number_answer(item)
    assert isinstance(item, TextItem)
    return st.sampled_from(["yes", "no", "perhaps"])


def _scale_answer(instrument: Instrument, item: ScaleItem | PairItem) -> st.SearchStrategy[Any]:
    scale = instrument.resolve_scale(item)
    values: list[Any] = list(range(scale.min, scale.max + 1))
    return st.sampled_from(values + [m.key for m in scale.missing])


def _multi_answer(item: MultiItem) -> st.SearchStrategy[list[str]]:
    exclusive = [o.key for o in item.options if o.exclusive]
    others = [o.key for o in item.options if not o.exclusive]
    ticked = st.lists(st.sampled_from(others), unique=True) if others else st.just([])
    return st.one_of(ticked, *(st.just([k]) for k in exclusive))


def _number_answer(item: NumberItem) -> st.SearchStrategy[Any]:
    if item.integer:
        return st.integers(int(item.min), int(item.max))
    return (
        st.floats(item.min, item.max, allow_nan=False)
        .map(lambda x: round(x, 3))
        .filter(lambda x: item.min <= x <= item.max)
    )
