"""Small instruments and stored scores for the analysis tests, built as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mognad.core.analysis import Analysis, analyse, matrix_of
from mognad.core.model import Instrument

T = {"en": "t"}


def instrument(dims: Sequence[str] = ("a", "b"), **extra: Any) -> Instrument:
    """An instrument with one 1-5 scale item per top-level dimension `dims`."""
    data: dict[str, Any] = {
        "id": "known",
        "version": "1.0.0",
        "languages": ["en"],
        "default_language": "en",
        "title": T,
        "dimensions": [
            {
                "key": key,
                "title": T,
                "items": [
                    {"key": f"{key}1", "type": "scale", "scale": {"min": 1, "max": 5}, "text": T}
                ],
            }
            for key in dims
        ],
        "levels": [
            {"key": "low", "min": 0, "max": 49, "title": T},
            {"key": "high", "min": 50, "max": 100, "title": T},
        ],
        **extra,
    }
    return Instrument.model_validate(data)


def stored(dims: dict[str, float | None], overall: float | None = None) -> dict[str, Any]:
    """A stored score: the dimensions given, overall their mean unless given."""
    present = [v for v in dims.values() if v is not None]
    if overall is None and present:
        overall = sum(present) / len(present)
    return {"items": {}, "dimensions": dims, "overall": overall, "phase": None}


def rows(values: Sequence[float], dims: Sequence[str] = ("a", "b")) -> list[dict[str, Any]]:
    """One stored score per value, every dimension at that value."""
    return [stored(dict.fromkeys(dims, v)) for v in values]


def analysed(
    inst: Instrument,
    scores: Sequence[dict[str, Any]],
    groups: Sequence[str],
    k: int,
    group_keys: Sequence[str] = (),
) -> Analysis:
    """The analysis of stored scores from `groups`, as a round's loaded arrays give it."""
    return analyse(inst, matrix_of(inst, scores, groups, group_keys), k)
