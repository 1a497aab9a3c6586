"""New entries the editor adds to a list: the least each kind needs to have its shape.

The editor asks only for a key, a first text and (for a question) its type; the
rest starts at sensible values the author then changes. Lint points out what is
still missing (other languages, a dimension's first question).
"""

from __future__ import annotations

from typing import Any

from mognad.core import edit
from mognad.core.lint_rules import Path
from mognad.core.model import ChoiceScale, Instrument, Scale


def new_entry(
    instrument: Instrument, path: Path, list_name: str, key: str, text: str, lang: str, kind: str
) -> dict[str, Any] | int | Any:
    """The entry to add to the list `list_name` inside the element at `path`."""
    texts = {lang: text}
    if list_name == "items":
        return _item(instrument, key, texts, kind)
    if list_name == "reflect":
        return texts
    if list_name == "labels" or list_name == "scale.labels":
        return {"value": _free_point(instrument, path, list_name), "label": texts}
    if list_name == "options":
        return _option(instrument, path, key, texts)
    if list_name == "levels":
        return {"key": key, "title": texts, "min": 0, "max": 100}
    if list_name == "recommendations":
        return {"key": key, "title": texts, "text": texts, "when": {"score_below": 50}}
    return {"key": key, ("label" if list_name == "missing" else "title"): texts}


def _item(instrument: Instrument, key: str, texts: dict[str, str], kind: str) -> dict[str, Any]:
    item: dict[str, Any] = {"key": key, "type": kind, "text": texts}
    if kind in ("scale", "pair"):
        shared = [k for k, s in instrument.scales.items() if isinstance(s, Scale)]
        item["scale"] = shared[0] if shared else {"min": 1, "max": 5}
    if kind == "pair":
        item["importance"] = item["performance"] = texts
    if kind == "choice":
        shared = [k for k, s in instrument.scales.items() if isinstance(s, ChoiceScale)]
        if shared:
            item["scale"] = shared[0]
        else:
            item["options"] = [_labelled("a", 0, texts), _labelled("b", 1, texts)]
    if kind == "multi":
        item["options"] = [_labelled("a", None, texts)]
    if kind == "number":
        item.update({"min": 0, "max": 100})
    return item


def _labelled(key: str, score: float | None, texts: dict[str, str]) -> dict[str, Any]:
    option: dict[str, Any] = {"key": key, "label": {lang: key for lang in texts}}
    if score is not None:
        option["score"] = score
    return option


def _option(instrument: Instrument, path: Path, key: str, texts: dict[str, str]) -> dict[str, Any]:
    holder = edit.get(instrument, path)
    option: dict[str, Any] = {"key": key, "label": texts}
    if holder.get("type") != "multi":
        scores = [o.get("score", 0) for o in holder.get("options", [])]
        option["score"] = max(scores, default=0) + 1
    return option


def _free_point(instrument: Instrument, path: Path, list_name: str) -> int:
    """The lowest point of the scale that has no label yet."""
    scale = edit.get(instrument, (*path, "scale") if list_name == "scale.labels" else path)
    taken = {label["value"] for label in scale.get("labels", [])}
    free = [v for v in range(scale["min"], scale["max"] + 1) if v not in taken]
    return free[0] if free else scale["max"]
