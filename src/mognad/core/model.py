"""Typed model of an instrument: the validated form of an instrument YAML file.

The model checks the shape of each element (types, ranges, patterns). Checks that
need the whole instrument (references, band coverage, translations, order of
conditions) live in `mognad.core.lint`, so that every problem in a file can be
reported at once with its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

FORMAT: Final = "mognad/1"

Key = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_.-]{0,63}$",
        description="Lower-case identifier: a letter, then letters, digits, '_', '.' or '-'.",
    ),
]
LangCode = Annotated[
    str,
    Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", description="BCP 47 language tag."),
]
LocalText = Annotated[
    dict[LangCode, Annotated[str, Field(min_length=1, max_length=5000)]],
    Field(description="One text per language: {language code: text}."),
]
PositiveWeight = Annotated[float, Field(gt=0, le=1000)]
Share = Annotated[float, Field(ge=0, le=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- metadata -----------------------------------------------------------------------


class Author(Strict):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=500)


class Parent(Strict):
    """The instrument version this one was forked from (its lineage)."""

    id: Key
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")


# --- answer scales ------------------------------------------------------------------


class ScalePoint(Strict):
    value: int
    label: LocalText


class MissingOption(Strict):
    """An answer such as "not applicable" or "don't know" that counts as missing."""

    key: Key
    label: LocalText


class Scale(Strict):
    """An n-point scale (Likert, adoption 0-5, rating): integer points from min to max."""

    kind: Literal["scale"] = "scale"
    min: int = Field(ge=-1000, le=1000)
    max: int = Field(ge=-1000, le=1000)
    labels: list[ScalePoint] = Field(default_factory=list)
    missing: list[MissingOption] = Field(default_factory=list)

    @model_validator(mode="after")
    def _min_below_max(self) -> Scale:
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
        if self.max - self.min > 100:
            raise ValueError("a scale may have at most 101 points")
        return self


class Option(Strict):
    """An answer option of a choice or multiple-choice item.

    `score` is used by single choice, `weight` by multiple choice (it may be
    negative: ticking it lowers the score). `points` give points to phase
    categories. `missing` marks "not applicable" / "don't know".
    """

    key: Key
    label: LocalText
    score: float | None = Field(default=None, ge=-1000, le=1000)
    weight: float | None = Field(default=None, ge=-1000, le=1000)
    points: dict[Key, Annotated[float, Field(ge=0, le=1000)]] = Field(default_factory=dict)
    missing: bool = False
    exclusive: bool = Field(
        default=False, description="Multiple choice only: may not be ticked with other options."
    )

    @property
    def tick_weight(self) -> float:
        """What ticking this multiple-choice option adds: its weight, 1 if none is given."""
        return 1.0 if self.weight is None else self.weight

    @property
    def choice_score(self) -> float:
        """What choosing this single-choice option scores (raw): its score, 0 if none."""
        return self.score or 0.0


class ChoiceScale(Strict):
    """A reusable set of options (e.g. yes / partly / no)."""

    kind: Literal["choice"] = "choice"
    options: list[Option] = Field(min_length=2, max_length=100)


def _scale_kind(value: object) -> str:
    if isinstance(value, dict):
        return "choice" if value.get("kind") == "choice" or "options" in value else "scale"
    return str(getattr(value, "kind", "scale"))


SharedScale = Annotated[
    Annotated[Scale, Tag("scale")] | Annotated[ChoiceScale, Tag("choice")],
    Discriminator(_scale_kind),
]


# --- conditions ---------------------------------------------------------------------


def _not_a_bool(value: object) -> object:
    # Python takes true for 1, so `equals: true` would silently test for the answer 1.
    if isinstance(value, bool):
        raise ValueError(
            f"{str(value).lower()} is not an answer to compare with; give a number or an "
            "option key (in quotes if it reads as true/false), or test answered: true"
        )
    return value


AnswerValue = Annotated[int | float | str, BeforeValidator(_not_a_bool)]
Threshold = Annotated[float, BeforeValidator(_not_a_bool)]


class Compare(Strict):
    """Shows an item only when an earlier answer matches.

    Exactly one test: `equals`, `in`, `at_least`, `at_most`, `includes` (a
    multiple-choice option ticked) or `answered`.
    """

    item: Key
    equals: AnswerValue | None = None
    in_: list[AnswerValue] | None = Field(default=None, alias="in")
    at_least: Threshold | None = None
    at_most: Threshold | None = None
    includes: Key | None = None
    answered: bool | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _exactly_one_test(self) -> Compare:
        tests = [self.equals, self.in_, self.at_least, self.at_most, self.includes, self.answered]
        given = sum(t is not None for t in tests)
        if given != 1:
            raise ValueError(
                "give exactly one of: equals, in, at_least, at_most, includes, answered"
            )
        return self


class AllOf(Strict):
    all: list[Compare] = Field(min_length=1, max_length=20)


class AnyOf(Strict):
    any: list[Compare] = Field(min_length=1, max_length=20)


Condition = Compare | AllOf | AnyOf


def condition_parts(condition: Condition | None) -> list[tuple[tuple[str | int, ...], Compare]]:
    """Every test of a condition with its place inside it (`()`, or `("all", 0)` …)."""
    if isinstance(condition, AllOf):
        return [(("all", i), test) for i, test in enumerate(condition.all)]
    if isinstance(condition, AnyOf):
        return [(("any", i), test) for i, test in enumerate(condition.any)]
    return [] if condition is None else [((), condition)]


def condition_tests(condition: Condition | None) -> list[Compare]:
    """Every test of a condition, in order; none for no condition."""
    return [test for _, test in condition_parts(condition)]


# --- items --------------------------------------------------------------------------


class ItemBase(Strict):
    key: Key
    text: LocalText
    help: LocalText | None = None
    weight: PositiveWeight = 1.0
    show_if: Condition | None = None
    required: bool = False


class ScaleItem(ItemBase):
    """Likert, adoption and rating items: `scale` names a shared scale or is inline."""

    type: Literal["scale"]
    scale: Key | Scale
    reverse: bool = False


class ChoiceItem(ItemBase):
    """Single choice: each option has a score; yes/partly/no is a choice scale."""

    type: Literal["choice"]
    options: list[Option] | None = Field(default=None, min_length=2, max_length=100)
    scale: Key | None = Field(default=None, description="A shared choice scale instead of options.")
    reverse: bool = False
    scored: bool = True

    @model_validator(mode="after")
    def _options_or_scale(self) -> ChoiceItem:
        if (self.options is None) == (self.scale is None):
            raise ValueError("give either options or scale, not both and not neither")
        return self


class MultiItem(ItemBase):
    """Multiple choice: score is the weighted share of the options ticked."""

    type: Literal["multi"]
    options: list[Option] = Field(min_length=1, max_length=100)
    scored: bool = True

    def weight_range(self) -> tuple[float, float]:
        """The lowest and highest raw sum of ticks: the negative and the positive weights."""
        weights = [o.tick_weight for o in self.options if not o.missing]
        return sum(w for w in weights if w < 0), sum(w for w in weights if w > 0)


class NumberItem(ItemBase):
    """A number in [min, max]; scored on that range when `scored` is true."""

    type: Literal["number"]
    min: float
    max: float
    integer: bool = False
    scored: bool = False
    reverse: bool = False
    unit: LocalText | None = None

    @model_validator(mode="after")
    def _min_below_max(self) -> NumberItem:
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
        return self


class TextItem(ItemBase):
    """Free text: never scored."""

    type: Literal["text"]
    max_length: int = Field(default=2000, ge=1, le=10000)
    multiline: bool = True


class PairItem(ItemBase):
    """Importance / performance pair on one scale ("say" versus "do").

    Its answer has two parts, `importance` and `performance`; the performance
    part is scored into the dimension, the importance part feeds the say/do grid.
    """

    type: Literal["pair"]
    scale: Key | Scale
    importance: LocalText
    performance: LocalText


Item = Annotated[
    ScaleItem | ChoiceItem | MultiItem | NumberItem | TextItem | PairItem,
    Field(discriminator="type"),
]
SCORABLE_TYPES = ("scale", "choice", "multi", "number", "pair")


def is_scored(item: Item) -> bool:
    if isinstance(item, TextItem):
        return False
    if isinstance(item, ChoiceItem | MultiItem | NumberItem):
        return item.scored
    return True


# --- structure ----------------------------------------------------------------------


class Dimension(Strict):
    """A dimension's score is the weighted mean of its scored items and sub-dimensions."""

    key: Key
    title: LocalText
    description: LocalText | None = None
    reflect: list[LocalText] = Field(
        default_factory=list, description="Questions a respondent may reflect on afterwards."
    )
    weight: PositiveWeight = 1.0
    min_answered: Share | None = Field(
        default=None, description="Overrides scoring.min_answered for this dimension."
    )
    items: list[Item] = Field(default_factory=list, max_length=500)
    dimensions: list[Dimension] = Field(default_factory=list, max_length=100)

    def subtree(self) -> list[Dimension]:
        """This dimension and every dimension below it, parents first, in document order."""
        return [self, *(d for child in self.dimensions for d in child.subtree())]


class Level(Strict):
    """A band on the 0-100 score; bounds are inclusive and apply to the rounded score."""

    key: Key
    title: LocalText
    description: LocalText | None = None
    min: int = Field(ge=0, le=100)
    max: int = Field(ge=0, le=100)


class Category(Strict):
    key: Key
    title: LocalText
    description: LocalText | None = None


class Phases(Strict):
    """A typology: options give points to categories; the dominant category wins.

    Ties go to the category listed first (`tie: first`) or last (`tie: last`).
    """

    categories: list[Category] = Field(min_length=2, max_length=20)
    tie: Literal["first", "last"] = "first"


class Gap(Strict):
    """A gap between two stakeholder groups on a dimension (or overall)."""

    groups: tuple[Key, Key]
    at_least: float = Field(gt=0, le=100, description="Absolute difference in points.")


class When(Strict):
    """When a recommendation applies. All given tests must hold.

    Without `dimension` the tests apply to the overall result.
    """

    dimension: Key | None = None
    score_below: float | None = Field(default=None, ge=0, le=100)
    score_at_least: float | None = Field(default=None, ge=0, le=100)
    level: list[Key] | None = Field(default=None, min_length=1)
    phase: list[Key] | None = Field(default=None, min_length=1)
    gap: Gap | None = None

    @model_validator(mode="after")
    def _has_a_test(self) -> When:
        tests = [self.score_below, self.score_at_least, self.level, self.phase, self.gap]
        if all(t is None for t in tests):
            raise ValueError("give at least one of: score_below, score_at_least, level, phase, gap")
        return self


class Recommendation(Strict):
    key: Key
    when: When
    priority: int = Field(default=2, ge=1, le=5, description="1 is the most urgent.")
    title: LocalText
    text: LocalText


class Scoring(Strict):
    min_answered: Share = Field(
        default=0.5,
        description="A dimension needs at least this share of its shown scored items answered.",
    )
    overall_min_dimensions: Share = Field(
        default=1.0,
        description="The overall score needs this share of top-level dimension weight scored.",
    )


class Instrument(Strict):
    format: Literal["mognad/1"] = FORMAT
    id: Key
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$", description="Semantic version.")
    languages: list[LangCode] = Field(min_length=1, max_length=50)
    default_language: LangCode
    title: LocalText
    description: LocalText | None = None
    minutes: int | None = Field(default=None, ge=1, le=600, description="Time to answer.")
    authors: list[Author] = Field(default_factory=list)
    licence: str | None = Field(default=None, max_length=100)
    parent: Parent | None = None
    scoring: Scoring = Field(default_factory=Scoring)
    scales: dict[Key, SharedScale] = Field(default_factory=dict)
    dimensions: list[Dimension] = Field(min_length=1, max_length=100)
    levels: list[Level] = Field(default_factory=list, max_length=20)
    phases: Phases | None = None
    recommendations: list[Recommendation] = Field(default_factory=list, max_length=1000)

    def walk_dimensions(self) -> Iterator[Dimension]:
        """Every dimension, parents before children, in document order."""
        stack = list(reversed(self.dimensions))
        while stack:
            dim = stack.pop()
            yield dim
            stack.extend(reversed(dim.dimensions))

    def walk_items(self) -> Iterator[tuple[Dimension, Item]]:
        """Every item with the dimension that holds it, in the order respondents see them."""
        for dim in self.walk_dimensions():
            for item in dim.items:
                yield dim, item

    def resolve_scale(self, item: ScaleItem | PairItem) -> Scale:
        if isinstance(item.scale, Scale):
            return item.scale
        scale = self.scales[item.scale]
        if not isinstance(scale, Scale):
            raise KeyError(item.scale)
        return scale

    def resolve_options(self, item: ChoiceItem) -> list[Option]:
        if item.options is not None:
            return item.options
        scale = self.scales[item.scale or ""]
        if not isinstance(scale, ChoiceScale):
            raise KeyError(item.scale)
        return scale.options

    def choice_score_range(self, item: ChoiceItem) -> tuple[float, float]:
        """The lowest and highest raw score of a choice item's non-missing options."""
        scores = [o.choice_score for o in self.resolve_options(item) if not o.missing]
        return min(scores), max(scores)

    def min_answered_for(self, dim: Dimension) -> float:
        """The share of shown scored items a dimension needs answered: its own, else the default."""
        return self.scoring.min_answered if dim.min_answered is None else dim.min_answered

    def text(self, local: LocalText | None, lang: str | None = None) -> str:
        """The text in `lang`, falling back to the default language."""
        if not local:
            return ""
        return local.get(lang or self.default_language) or local.get(self.default_language, "")
