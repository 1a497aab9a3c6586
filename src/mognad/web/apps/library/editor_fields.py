"""What the draft editor shows for each element of an instrument: its fields and its lists.

An element is named by its path in the instrument's data (see `mognad.core.edit`);
its kind follows from the path (`("dimensions", 0, "items", 2)` is an item). Each
kind has a few fields (`Spec`) and may hold lists of further elements (`Child`),
which the editor links to and can add to, reorder and remove from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mognad.core.lint_rules import Path
from mognad.core.model import ChoiceScale, Instrument, Scale

Choices = Callable[[Instrument, Path], list[tuple[str, str]]]


@dataclass(frozen=True)
class Spec:
    """One field of an element: `name` is its place inside the element (`when.level`)."""

    name: str
    kind: str  # text, longtext, key, string, int, float, bool, choice, choices
    label: str | Promise
    required: bool = False
    choices: Choices | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.name.split(".")) if self.name else ()


@dataclass(frozen=True)
class Child:
    """A list inside an element (`items`), its label, and what a new entry needs."""

    name: str
    label: str | Promise
    keyed: bool = True  # a new entry needs a key
    typed: bool = False  # a new entry needs an item type

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))


ITEM_TYPES = [
    ("scale", _("Scale (e.g. 1–5)")),
    ("choice", _("Single choice")),
    ("multi", _("Multiple choice")),
    ("number", _("Number")),
    ("text", _("Free text")),
    ("pair", _("Importance and performance")),
]
TESTS = [
    ("equals", _("equals")),
    ("in", _("is one of (comma-separated)")),
    ("at_least", _("is at least")),
    ("at_most", _("is at most")),
    ("includes", _("includes the option")),
    ("answered", _("is answered")),
]


def kind_of(path: Path) -> str:
    """The kind of element at `path`: head, dimension, item, option, level, …"""
    if not path:
        return "head"
    if path == ("phases",):
        return "phases"
    if len(path) == 2 and path[0] == "scales":
        return "scale"
    return _LIST_KINDS.get(str(path[-2]), "") if len(path) >= 2 else ""


_LIST_KINDS = {
    "dimensions": "dimension",
    "items": "item",
    "options": "option",
    "labels": "label",
    "missing": "missing",
    "levels": "level",
    "categories": "category",
    "recommendations": "recommendation",
    "reflect": "reflect",
}


# --- choices offered by select fields ---------------------------------------------------


def _languages(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    return [(code, code) for code in instrument.languages]


def _shared_scales(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    return [(k, k) for k, s in instrument.scales.items() if isinstance(s, Scale)]


def _choice_scales(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    return [(k, k) for k, s in instrument.scales.items() if isinstance(s, ChoiceScale)]


def _earlier_items(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    keys = [item.key for _, item in instrument.walk_items()]
    own = _key_at(instrument, path)
    return [(k, k) for k in keys[: keys.index(own)]] if own in keys else [(k, k) for k in keys]


def _dimensions(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    return [(d.key, instrument.text(d.title)) for d in instrument.walk_dimensions()]


def _levels(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    return [(lv.key, instrument.text(lv.title)) for lv in instrument.levels]


def _phases(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    categories = instrument.phases.categories if instrument.phases else []
    return [(c.key, instrument.text(c.title)) for c in categories]


def _tests(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in TESTS]


def _ties(instrument: Instrument, path: Path) -> list[tuple[str, str]]:
    return [("first", str(_("the category listed first"))), ("last", str(_("the one listed last")))]


def _key_at(instrument: Instrument, path: Path) -> str:
    from mognad.core.edit import get

    node = get(instrument, path)
    return str(node.get("key", "")) if isinstance(node, dict) else ""


# --- the fields of each kind ------------------------------------------------------------

KEY = Spec("key", "key", _("Key"), required=True)
WEIGHT = Spec("weight", "float", _("Weight"))
DESCRIPTION = Spec("description", "longtext", _("Description"))

HEAD = [
    Spec("title", "text", _("Title"), required=True),
    DESCRIPTION,
    Spec("minutes", "int", _("Minutes to answer")),
    Spec("licence", "string", _("Licence")),
    Spec("default_language", "choice", _("Default language"), True, _languages),
    Spec("scoring.min_answered", "float", _("Share of items a dimension needs answered (0–1)")),
]
DIMENSION = [
    KEY,
    Spec("title", "text", _("Title"), required=True),
    DESCRIPTION,
    WEIGHT,
    Spec("min_answered", "float", _("Share of items that must be answered (0–1)")),
]
CONDITION = [
    Spec("show_if.item", "choice", _("Show only if the answer to"), choices=_earlier_items),
    Spec("show_if.test", "choice", _("Test"), choices=_tests),
    Spec("show_if.value", "string", _("Value")),
]
ITEM_COMMON = [
    KEY,
    Spec("text", "longtext", _("Question"), required=True),
    Spec("help", "longtext", _("Help text")),
    WEIGHT,
    Spec("required", "bool", _("An answer is required")),
]
REVERSE = Spec("reverse", "bool", _("Reverse-scored (a high answer scores low)"))
SCORED = Spec("scored", "bool", _("Scored"))
SCALE_REF = Spec("scale", "choice", _("Scale"), choices=_shared_scales)
INLINE_SCALE = [
    Spec("scale.min", "int", _("Lowest point")),
    Spec("scale.max", "int", _("Highest point")),
]
ITEM_TYPE_FIELDS: dict[str, list[Spec]] = {
    "scale": [REVERSE],
    "choice": [REVERSE, SCORED],
    "multi": [SCORED],
    "number": [
        Spec("min", "float", _("Lowest number"), required=True),
        Spec("max", "float", _("Highest number"), required=True),
        Spec("integer", "bool", _("Whole numbers only")),
        Spec("unit", "text", _("Unit")),
        SCORED,
        REVERSE,
    ],
    "text": [
        Spec("max_length", "int", _("Longest answer (characters)")),
        Spec("multiline", "bool", _("Several lines")),
    ],
    "pair": [
        Spec("importance", "text", _("Importance prompt"), required=True),
        Spec("performance", "text", _("Performance prompt"), required=True),
    ],
}
LEVEL = [
    KEY,
    Spec("title", "text", _("Name"), required=True),
    DESCRIPTION,
    Spec("min", "int", _("From score"), required=True),
    Spec("max", "int", _("To score"), required=True),
]
CATEGORY = [KEY, Spec("title", "text", _("Name"), required=True), DESCRIPTION]
RECOMMENDATION = [
    KEY,
    Spec("title", "text", _("Title"), required=True),
    Spec("text", "longtext", _("Advice"), required=True),
    Spec("priority", "int", _("Priority (1 is the most urgent)")),
    Spec("when.dimension", "choice", _("On dimension (empty: overall)"), choices=_dimensions),
    Spec("when.score_below", "float", _("When the score is below")),
    Spec("when.score_at_least", "float", _("When the score is at least")),
    Spec("when.level", "choices", _("When the level is"), choices=_levels),
    Spec("when.phase", "choices", _("When the phase is"), choices=_phases),
    Spec("when.gap.groups", "string", _("When two groups differ (their keys: leadership, staff)")),
    Spec("when.gap.at_least", "float", _("by at least (points)")),
]
LABEL = [Spec("value", "int", _("Point"), required=True), Spec("label", "text", _("Label"), True)]
MISSING = [KEY, Spec("label", "text", _("Label"), required=True)]
REFLECT = [Spec("", "longtext", _("Question to reflect on"), required=True)]
SCALE = [Spec("min", "int", _("Lowest point"), True), Spec("max", "int", _("Highest point"), True)]
PHASES = [Spec("tie", "choice", _("A tie goes to"), choices=_ties)]


def specs(instrument: Instrument, path: Path, node: dict[str, Any] | Any) -> list[Spec]:
    """The fields the editor shows for the element at `path`."""
    kind = kind_of(path)
    if kind == "item":
        return _item_specs(node)
    if kind == "option":
        return _option_specs(instrument, path, node)
    if kind == "scale":
        return SCALE if "options" not in node else []
    return {
        "head": HEAD,
        "dimension": DIMENSION,
        "level": LEVEL,
        "category": CATEGORY,
        "recommendation": RECOMMENDATION,
        "label": LABEL,
        "missing": MISSING,
        "reflect": REFLECT,
        "phases": PHASES,
    }.get(kind, [])


def _item_specs(node: dict[str, Any]) -> list[Spec]:
    extra = list(ITEM_TYPE_FIELDS.get(node.get("type", ""), []))
    if node.get("type") in ("scale", "pair"):
        extra = (INLINE_SCALE if isinstance(node.get("scale"), dict) else [SCALE_REF]) + extra
    if node.get("type") == "choice" and "scale" in node:
        extra = [Spec("scale", "choice", _("Options from"), choices=_choice_scales), *extra]
    condition = node.get("show_if")
    simple = condition is None or ("all" not in condition and "any" not in condition)
    return ITEM_COMMON + extra + (CONDITION if simple else [])


def _option_specs(instrument: Instrument, path: Path, node: dict[str, Any]) -> list[Spec]:
    from mognad.core.edit import get

    holder = get(instrument, path[:-2])
    multi = holder.get("type") == "multi"
    fields = [KEY, Spec("label", "text", _("Label"), required=True)]
    if multi:
        fields += [
            Spec("weight", "float", _("Weight when ticked (may be negative)")),
            Spec("exclusive", "bool", _("Cannot be ticked with other options")),
        ]
    else:
        fields.append(Spec("score", "float", _("Score")))
    fields.append(Spec("missing", "bool", _("Counts as missing (e.g. don't know)")))
    for key, title in _phases(instrument, path):
        fields.append(Spec(f"points.{key}", "float", _("Points to %s") % title))
    return fields


def children(path: Path, node: dict[str, Any] | Any) -> list[Child]:
    """The lists inside the element at `path` that the editor can add to and reorder."""
    kind = kind_of(path)
    if kind == "head":
        lists = [Child("dimensions", _("Dimensions")), Child("levels", _("Levels"))]
        lists.append(Child("recommendations", _("Recommendations")))
        return lists
    if kind == "dimension":
        return [
            Child("items", _("Questions"), typed=True),
            Child("dimensions", _("Sub-dimensions")),
            Child("reflect", _("Questions to reflect on"), keyed=False),
        ]
    if kind == "item":
        return _item_children(node)
    if kind == "scale":
        if "options" in node:
            return [Child("options", _("Options"))]
        return [Child("labels", _("Labels"), keyed=False), Child("missing", _("Missing options"))]
    if kind == "phases":
        return [Child("categories", _("Categories"))]
    return []


def _item_children(node: dict[str, Any]) -> list[Child]:
    if node.get("type") in ("choice", "multi") and "options" in node:
        return [Child("options", _("Options"))]
    if isinstance(node.get("scale"), dict):
        return [Child("scale.labels", _("Labels"), keyed=False)]
    return []
