"""The scores of one response, in the shape both scorers return."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResponseScores:
    """The scores of one response. None means missing, which is never the same as zero."""

    items: dict[str, float | None]
    dimensions: dict[str, float | None]
    overall: float | None
    level: str | None
    dimension_levels: dict[str, str | None]
    phase: str | None
    dimension_phases: dict[str, str | None]
