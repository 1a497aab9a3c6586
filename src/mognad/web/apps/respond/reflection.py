"""The personal reflection: one respondent's own scores, level or phase, and questions.

Built only from the one response, so it can reveal nothing about anyone else.
"""

import math
from dataclasses import dataclass
from typing import Any

from mognad.core.model import Instrument
from mognad.web.apps.respond.pages import Text, local, local_text


@dataclass(frozen=True)
class Band:
    """A level or a phase: its title and what it means."""

    title: Text
    description: Text | None


@dataclass(frozen=True)
class DimensionResult:
    key: str
    title: Text
    score: int | None
    level: Band | None
    phase: Band | None
    reflect: list[Text]


@dataclass(frozen=True)
class Reflection:
    overall: int | None
    level: Band | None
    phase: Band | None
    dimensions: list[DimensionResult]
    has_phases: bool


def reflection(instrument: Instrument, scores: dict[str, Any], lang: str) -> Reflection:
    dims = [
        DimensionResult(
            key=d.key,
            title=local_text(instrument, d.title, lang),
            score=shown_score(scores["dimensions"].get(d.key)),
            level=_level(instrument, scores["dimension_levels"].get(d.key), lang),
            phase=_phase(instrument, scores["dimension_phases"].get(d.key), lang),
            reflect=[local_text(instrument, q, lang) for sub in d.subtree() for q in sub.reflect],
        )
        for d in instrument.dimensions
    ]
    return Reflection(
        overall=shown_score(scores["overall"]),
        level=_level(instrument, scores["level"], lang),
        phase=_phase(instrument, scores["phase"], lang),
        dimensions=dims,
        has_phases=instrument.phases is not None,
    )


def shown_score(score: float | None) -> int | None:
    """The score as shown: rounded half up, the same rounding the levels use."""
    return None if score is None else math.floor(score + 0.5)


def _level(instrument: Instrument, key: str | None, lang: str) -> Band | None:
    level = next((lv for lv in instrument.levels if lv.key == key), None)
    if level is None:
        return None
    return Band(
        local_text(instrument, level.title, lang), local(instrument, level.description, lang)
    )


def _phase(instrument: Instrument, key: str | None, lang: str) -> Band | None:
    if instrument.phases is None:
        return None
    category = next((c for c in instrument.phases.categories if c.key == key), None)
    if category is None:
        return None
    return Band(
        local_text(instrument, category.title, lang),
        local(instrument, category.description, lang),
    )
