"""The questionnaire cut into pages, and what a page shows: one page per top-level dimension.

Everything here is plain data for the templates; the texts carry their language, so
a text that falls back to the instrument's default language is marked as such.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from mognad.core.answers import shown_items
from mognad.core.model import (
    ChoiceItem,
    Dimension,
    Instrument,
    Item,
    LocalText,
    MultiItem,
    NumberItem,
    PairItem,
    Scale,
    ScaleItem,
    TextItem,
    condition_tests,
)
from mognad.web.apps.rounds.instrument import ByInstrument


@dataclass(frozen=True)
class Text:
    """A text of the instrument with the language it is really in."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


def local(instrument: Instrument, value: LocalText | None, lang: str) -> Text | None:
    if not value:
        return None
    if lang in value:
        return Text(value[lang], lang)
    return Text(instrument.text(value, lang), instrument.default_language)


def local_text(instrument: Instrument, value: LocalText, lang: str) -> Text:
    return local(instrument, value, lang) or Text("", lang)


def page_dimensions(instrument: Instrument) -> tuple[Dimension, ...]:
    """The top-level dimensions that hold any item: one page each."""
    return _pages(instrument)


# Asked for several times by every respondent request: worked out once per instrument.
_pages = ByInstrument(
    lambda instrument: tuple(
        d for d in instrument.dimensions if any(sub.items for sub in d.subtree())
    )
)


def page_items(dimension: Dimension) -> list[Item]:
    """A page's items in questionnaire order (the dimension's whole subtree)."""
    return [item for sub in dimension.subtree() for item in sub.items]


def page_of_items(instrument: Instrument) -> Mapping[str, int]:
    """The page number (from 1) of every item key."""
    return _numbers(instrument)


_numbers = ByInstrument(
    lambda instrument: {
        item.key: number
        for number, dim in enumerate(page_dimensions(instrument), start=1)
        for item in page_items(dim)
    }
)


def any_conditional(items: list[Item]) -> bool:
    """True when some of `items` are shown only on a condition."""
    return any(item.show_if is not None for item in items)


def hidden_items(
    instrument: Instrument, items: list[Item], answers: Mapping[str, object]
) -> set[str]:
    """The keys of the items in `items` that the answers hide."""
    if not any_conditional(items):
        return set()  # an item without a condition is always shown, as on most pages
    shown = shown_items(instrument, answers)
    return {item.key for item in items if not shown[item.key]}


def has_live_conditions(items: list[Item]) -> bool:
    """True when an answer on the page can show or hide another question on it."""
    keys = {item.key for item in items}
    return any(test.item in keys for item in items for test in condition_tests(item.show_if))


def revealed_item(
    instrument: Instrument,
    number: int,
    before: Mapping[str, object],
    after: Mapping[str, object],
    displayed: set[str],
) -> str | None:
    """A question on page `number` that `after` reveals and that was not `displayed`.

    Without JavaScript such a question was not on the page yet, so the same page comes
    back with it instead of moving on; with htmx it was already shown (`_shown`).
    """
    items = page_items(page_dimensions(instrument)[number - 1])
    if not any_conditional(items):
        return None  # nothing on the page can appear
    was, now = shown_items(instrument, before), shown_items(instrument, after)
    return next(
        (
            item.key
            for item in items
            if now[item.key]
            and not was[item.key]
            and item.key not in displayed
            and after.get(item.key) is None
        ),
        None,
    )


# --- what the template shows ---------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    id: str
    label: Text | None
    number: str | None
    checked: bool


@dataclass(frozen=True)
class Field:
    """One answer field: a radio group, a checkbox group, a number or a text."""

    name: str
    id: str
    widget: str
    legend: Text
    error: str | None = None
    choices: list[Choice] = field(default_factory=list)
    value: str = ""
    low: str | None = None
    high: str | None = None
    step: str | None = None
    maxlength: int | None = None
    multiline: bool = True
    unit: Text | None = None

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"


@dataclass(frozen=True)
class Question:
    key: str
    id: str
    text: Text
    help: Text | None
    fields: list[Field]
    pair: bool


class QuestionBuilder:
    """Builds the questions of a page in one language, with typed values and messages."""

    def __init__(
        self,
        instrument: Instrument,
        lang: str,
        raw: Mapping[str, list[str]],
        errors: Mapping[str, str],
    ) -> None:
        self.inst = instrument
        self.lang = lang
        self.raw = raw
        self.errors = errors

    def t(self, value: LocalText) -> Text:
        return local_text(self.inst, value, self.lang)

    def question(self, item: Item) -> Question:
        text = self.t(item.text)
        if isinstance(item, PairItem):
            scale = self.inst.resolve_scale(item)
            fields = [
                self._scale(f"{item.key}:importance", self.t(item.importance), scale),
                self._scale(f"{item.key}:performance", self.t(item.performance), scale),
            ]
        else:
            fields = [self._field(item, text)]
        help_text = local(self.inst, item.help, self.lang)
        return Question(
            item.key, field_id(item.key), text, help_text, fields, isinstance(item, PairItem)
        )

    def _field(self, item: Item, legend: Text) -> Field:
        if isinstance(item, ScaleItem):
            return self._scale(item.key, legend, self.inst.resolve_scale(item))
        if isinstance(item, ChoiceItem):
            options = self.inst.resolve_options(item)
            pairs = [(o.key, self.t(o.label)) for o in options]
            return self._choices(item.key, legend, "radio", pairs)
        if isinstance(item, MultiItem):
            pairs = [(o.key, self.t(o.label)) for o in item.options]
            return self._choices(item.key, legend, "checkbox", pairs)
        if isinstance(item, NumberItem):
            return self._number(item, legend)
        assert isinstance(item, TextItem)
        return self._text(item, legend)

    def _scale(self, name: str, legend: Text, scale: Scale) -> Field:
        labels = {point.value: self.t(point.label) for point in scale.labels}
        fid = field_id(name)
        choices = [
            Choice(str(v), f"{fid}-{v}", labels.get(v), str(v), self._checked(name, str(v)))
            for v in range(scale.min, scale.max + 1)
        ]
        choices += [
            Choice(m.key, f"{fid}-{m.key}", self.t(m.label), None, self._checked(name, m.key))
            for m in scale.missing
        ]
        return Field(name, fid, "radio", legend, self.errors.get(name), choices=choices)

    def _choices(
        self, name: str, legend: Text, widget: str, options: list[tuple[str, Text]]
    ) -> Field:
        fid = field_id(name)
        choices = [
            Choice(key, f"{fid}-{key}", label, None, self._checked(name, key))
            for key, label in options
        ]
        return Field(name, fid, widget, legend, self.errors.get(name), choices=choices)

    def _number(self, item: NumberItem, legend: Text) -> Field:
        return Field(
            item.key,
            field_id(item.key),
            "number",
            legend,
            self.errors.get(item.key),
            value=self._first(item.key),
            low=number_text(item.min),
            high=number_text(item.max),
            step="1" if item.integer else "any",
            unit=local(self.inst, item.unit, self.lang),
        )

    def _text(self, item: TextItem, legend: Text) -> Field:
        return Field(
            item.key,
            field_id(item.key),
            "text",
            legend,
            self.errors.get(item.key),
            value=self._first(item.key),
            maxlength=item.max_length,
            multiline=item.multiline,
        )

    def _checked(self, name: str, value: str) -> bool:
        return value in self.raw.get(name, [])

    def _first(self, name: str) -> str:
        values = self.raw.get(name, [])
        return values[0] if values else ""


def field_id(name: str) -> str:
    return "q-" + name.replace(".", "-").replace(":", "--")


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
