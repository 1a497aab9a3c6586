"""An instrument turned into plain page data for the preview: what a respondent would see.

Kept apart from the respondent pages on purpose: the preview shows every item (a
condition is only noted), answers nothing and saves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mognad.core.model import (
    ChoiceItem,
    Dimension,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    Option,
    PairItem,
    Scale,
    ScaleItem,
    TextItem,
)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Part:
    """One answer field: a whole item, or one of the two prompts of a pair."""

    name: str
    kind: str  # "radio", "checkbox", "number" or "text"
    prompt: str = ""
    choices: list[Choice] = field(default_factory=list)
    low: str = ""
    high: str = ""
    unit: str = ""
    integer: bool = False
    multiline: bool = False
    max_length: int = 0


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    text: str
    help: str
    conditional: bool
    parts: list[Part]


@dataclass(frozen=True)
class Section:
    title: str
    description: str
    depth: int
    questions: list[Question]


def page_sections(instrument: Instrument, page: int, lang: str) -> list[Section]:
    """The sections of page `page` (0-based): one top-level dimension and those below it."""
    top = instrument.dimensions[page]
    return [_section(instrument, dim, lang, top) for dim in top.subtree()]


def item_count(instrument: Instrument) -> int:
    return sum(1 for _ in instrument.walk_items())


def _section(instrument: Instrument, dim: Dimension, lang: str, top: Dimension) -> Section:
    depth = 0 if dim is top else 1
    questions = [_question(instrument, item, lang) for item in dim.items]
    return Section(
        instrument.text(dim.title, lang), _text(instrument, dim.description, lang), depth, questions
    )


def _text(instrument: Instrument, local: dict[str, str] | None, lang: str) -> str:
    return instrument.text(local, lang) if local else ""


def _question(instrument: Instrument, item: Item, lang: str) -> Question:
    return Question(
        key=item.key,
        type=item.type,
        text=instrument.text(item.text, lang),
        help=_text(instrument, item.help, lang),
        conditional=item.show_if is not None,
        parts=_parts(instrument, item, lang),
    )


def _parts(instrument: Instrument, item: Item, lang: str) -> list[Part]:
    if isinstance(item, ScaleItem):
        return [_scale_part(instrument, item.key, instrument.resolve_scale(item), lang)]
    if isinstance(item, PairItem):
        scale = instrument.resolve_scale(item)
        return [
            _scale_part(instrument, f"{item.key}:{part}", scale, lang, prompt)
            for part, prompt in (("importance", item.importance), ("performance", item.performance))
        ]
    if isinstance(item, ChoiceItem):
        return [_option_part(instrument, item.key, "radio", instrument.resolve_options(item), lang)]
    if isinstance(item, MultiItem):
        return [_option_part(instrument, item.key, "checkbox", item.options, lang)]
    if isinstance(item, NumberItem):
        return [_number_part(instrument, item, lang)]
    assert isinstance(item, TextItem)
    return [Part(item.key, "text", multiline=item.multiline, max_length=item.max_length)]


def _scale_part(
    instrument: Instrument, name: str, scale: Scale, lang: str, prompt: dict[str, str] | None = None
) -> Part:
    labels = {point.value: instrument.text(point.label, lang) for point in scale.labels}
    choices = [
        Choice(str(v), f"{v} — {labels[v]}" if v in labels else str(v))
        for v in range(scale.min, scale.max + 1)
    ]
    choices += [Choice(m.key, instrument.text(m.label, lang)) for m in scale.missing]
    return Part(name, "radio", prompt=_text(instrument, prompt, lang), choices=choices)


def _option_part(
    instrument: Instrument, name: str, kind: str, options: list[Option], lang: str
) -> Part:
    choices = [Choice(o.key, instrument.text(o.label, lang)) for o in options]
    return Part(name, kind, choices=choices)


def _number_part(instrument: Instrument, item: NumberItem, lang: str) -> Part:
    return Part(
        item.key,
        "number",
        low=_number(item.min),
        high=_number(item.max),
        unit=_text(instrument, item.unit, lang),
        integer=item.integer,
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
