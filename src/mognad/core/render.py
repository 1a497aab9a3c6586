"""The questionnaire as Markdown, in any of an instrument's languages.

Meant for people: to read an instrument before running it, to review a
translation, or to print it. The few words the renderer adds itself are
translated here so that a Swedish rendering reads as Swedish throughout.
"""

from __future__ import annotations

from collections.abc import Iterator

from mognad.core.model import (
    AllOf,
    AnyOf,
    ChoiceItem,
    Compare,
    Condition,
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

WORDS: dict[str, dict[str, str]] = {
    "minutes": {"en": "About {n} minutes", "sv": "Cirka {n} minuter",
                "de": "Etwa {n} Minuten", "nl": "Ongeveer {n} minuten"},
    "version": {"en": "version", "sv": "version", "de": "Version", "nl": "versie"},
    "tick": {"en": "Tick all that apply.", "sv": "Markera alla som stämmer.",
             "de": "Alles Zutreffende ankreuzen.", "nl": "Vink alles aan wat van toepassing is."},
    "number": {"en": "A number from {lo} to {hi}", "sv": "Ett tal från {lo} till {hi}",
               "de": "Eine Zahl von {lo} bis {hi}", "nl": "Een getal van {lo} tot {hi}"},
    "text": {"en": "Free text", "sv": "Fritext", "de": "Freitext", "nl": "Vrije tekst"},
    "shown_if": {"en": "Shown only when", "sv": "Visas bara när",
                 "de": "Nur sichtbar, wenn", "nl": "Alleen getoond als"},
    "and": {"en": "and", "sv": "och", "de": "und", "nl": "en"},
    "or": {"en": "or", "sv": "eller", "de": "oder", "nl": "of"},
    "answered": {"en": "is answered", "sv": "är besvarad",
                 "de": "beantwortet ist", "nl": "beantwoord is"},
    "unanswered": {"en": "is not answered", "sv": "inte är besvarad",
                   "de": "nicht beantwortet ist", "nl": "niet beantwoord is"},
    "levels": {"en": "Levels", "sv": "Nivåer", "de": "Stufen", "nl": "Niveaus"},
    "phases": {"en": "Phases", "sv": "Faser", "de": "Phasen", "nl": "Fasen"},
    "reflect": {"en": "To reflect on", "sv": "Att reflektera över",
                "de": "Zum Nachdenken", "nl": "Om over na te denken"},
}  # fmt: skip


def render_markdown(instrument: Instrument, lang: str | None = None) -> str:
    """The whole questionnaire as Markdown in `lang` (default: the instrument's default)."""
    return "\n".join(_Renderer(instrument, lang or instrument.default_language).lines()) + "\n"


class _Renderer:
    def __init__(self, instrument: Instrument, lang: str) -> None:
        self.inst = instrument
        self.lang = lang
        self.numbers: dict[str, str] = {}
        self.option_labels = {
            (item.key, option.key): option.label
            for _, item in instrument.walk_items()
            if isinstance(item, ChoiceItem | MultiItem)
            for option in (
                instrument.resolve_options(item) if isinstance(item, ChoiceItem) else item.options
            )
        }

    def t(self, local: dict[str, str] | None) -> str:
        return self.inst.text(local, self.lang)

    def word(self, name: str, **values: object) -> str:
        table = WORDS[name]
        return (table.get(self.lang) or table["en"]).format(**values)

    def lines(self) -> Iterator[str]:
        yield f"# {self.t(self.inst.title)}"
        yield ""
        if self.inst.description:
            yield self.t(self.inst.description)
            yield ""
        yield f"*{self._facts()}*"
        for number, dim in enumerate(self.inst.dimensions, start=1):
            yield from self._dimension(dim, str(number), depth=2)
        yield from self._levels()
        yield from self._phases()

    def _facts(self) -> str:
        facts = [f"{self.word('version')} {self.inst.version}", ", ".join(self.inst.languages)]
        if self.inst.minutes:
            facts.insert(0, self.word("minutes", n=self.inst.minutes))
        return " · ".join(facts)

    def _dimension(self, dim: Dimension, number: str, depth: int) -> Iterator[str]:
        yield ""
        yield f"{'#' * min(depth, 6)} {number}. {self.t(dim.title)}"
        if dim.description:
            yield ""
            yield self.t(dim.description)
        for index, item in enumerate(dim.items, start=1):
            self.numbers[item.key] = f"{number}.{index}"
            yield from self._item(item, f"{number}.{index}")
        for index, child in enumerate(dim.dimensions, start=len(dim.items) + 1):
            yield from self._dimension(child, f"{number}.{index}", depth + 1)
        if dim.reflect:
            yield ""
            yield f"*{self.word('reflect')}:* " + " ".join(self.t(q) for q in dim.reflect)

    def _item(self, item: Item, number: str) -> Iterator[str]:
        yield ""
        yield f"**{number}** {self.t(item.text)}"
        if item.help:
            yield f"  \n*{self.t(item.help)}*"
        if item.show_if is not None:
            yield f"  \n*{self.word('shown_if')}: {self._condition(item.show_if)}*"
        yield ""
        yield from (f"- {line}" for line in self._answers(item))

    def _answers(self, item: Item) -> list[str]:
        if isinstance(item, ScaleItem):
            return self._scale(self.inst.resolve_scale(item))
        if isinstance(item, PairItem):
            scale = ", ".join(self._scale(self.inst.resolve_scale(item)))
            return [f"{self.t(item.importance)} ({scale})", f"{self.t(item.performance)} ({scale})"]
        if isinstance(item, ChoiceItem):
            return [self._option(o) for o in self.inst.resolve_options(item)]
        if isinstance(item, MultiItem):
            return [self.word("tick")] + [f"[ ] {self._option(o)}" for o in item.options]
        if isinstance(item, NumberItem):
            unit = f" ({self.t(item.unit)})" if item.unit else ""
            return [self.word("number", lo=_num(item.min), hi=_num(item.max)) + unit]
        assert isinstance(item, TextItem)
        return [self.word("text")]

    def _scale(self, scale: Scale) -> list[str]:
        labels = {p.value: self.t(p.label) for p in scale.labels}
        points = [
            f"{v} — {labels[v]}" if v in labels else str(v) for v in range(scale.min, scale.max + 1)
        ]
        return points + [self.t(m.label) for m in scale.missing]

    def _option(self, option: Option) -> str:
        return self.t(option.label)

    def _condition(self, condition: Condition) -> str:
        if isinstance(condition, AllOf):
            return f" {self.word('and')} ".join(self._compare(c) for c in condition.all)
        if isinstance(condition, AnyOf):
            return f" {self.word('or')} ".join(self._compare(c) for c in condition.any)
        return self._compare(condition)

    def _compare(self, c: Compare) -> str:
        ref = self.numbers.get(c.item, c.item)
        if c.answered is not None:
            return f"{ref} {self.word('answered' if c.answered else 'unanswered')}"
        if c.includes is not None:
            return f"{ref} ∋ {self._value(c.item, c.includes)}"
        if c.at_least is not None:
            return f"{ref} ≥ {_num(c.at_least)}"
        if c.at_most is not None:
            return f"{ref} ≤ {_num(c.at_most)}"
        values = [c.equals] if c.in_ is None else c.in_
        return f"{ref} = " + " / ".join(self._value(c.item, v) for v in values)

    def _value(self, item_key: str, value: object) -> str:
        """An option key shown as its label, so the condition reads in the chosen language."""
        label = self.option_labels.get((item_key, str(value)))
        return f"“{self.t(label)}”" if label else str(value)

    def _levels(self) -> Iterator[str]:
        if not self.inst.levels:
            return
        yield ""
        yield f"## {self.word('levels')}"
        yield ""
        for level in self.inst.levels:
            text = f" — {self.t(level.description)}" if level.description else ""
            yield f"- **{level.min}–{level.max} {self.t(level.title)}**{text}"

    def _phases(self) -> Iterator[str]:
        if self.inst.phases is None:
            return
        yield ""
        yield f"## {self.word('phases')}"
        yield ""
        for cat in self.inst.phases.categories:
            text = f" — {self.t(cat.description)}" if cat.description else ""
            yield f"- **{self.t(cat.title)}**{text}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
