"""A round's stored scores as arrays: the one input of every analysis.

Decoding each response's JSON scores costs seconds at 100,000 responses, so a response
also stores its numbers packed in a fixed binary row (docs/analysis.md "Stored rows"):

- the **score row**: the overall and every dimension's score as little-endian float64
  (NaN when missing), then the overall and every dimension's phase as int16 category
  indices (-1 when missing);
- the **item row**: every scored item's score, then every pair's importance on 0–100,
  as little-endian float32 (NaN when missing);
- the **pair row**: of the item row, only every pair's performance (its score), then
  every pair's importance, for the say/do grid to read without the other items.

A round's instrument never changes, so every row of a round has the same layout and a
round's rows join into one buffer that NumPy reads without a per-row loop.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from mognad.core.model import Instrument, PairItem, is_scored

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
IMPORTANCE = ":importance"  # suffix of the item column of a pair's importance


@dataclass(frozen=True)
class Layout:
    """The columns of an instrument's stored rows."""

    dimensions: tuple[str, ...]  # parents first, as `Instrument.walk_dimensions`
    categories: tuple[str, ...]  # phase categories; empty without phases
    items: tuple[str, ...]  # scored items, then "KEY:importance" for every pair
    pairs: tuple[tuple[str, float, float], ...]  # each pair's key and scale min, max

    @property
    def measures(self) -> tuple[str | None, ...]:
        """The columns of `ScoreMatrix.values`: None for the overall, then dimensions."""
        return (None, *self.dimensions)

    @property
    def score_dtype(self) -> np.dtype[Any]:
        width = len(self.dimensions) + 1
        return np.dtype([("values", "<f8", (width,)), ("phases", "<i2", (width,))])

    @property
    def score_size(self) -> int:
        return self.score_dtype.itemsize

    @property
    def item_size(self) -> int:
        return 4 * len(self.items)

    @property
    def pair_size(self) -> int:
        return 8 * len(self.pairs)

    @cached_property
    def score_struct(self) -> struct.Struct:
        """The score row as `struct` packs it: the same bytes as `score_dtype`, at a
        fraction of NumPy's cost for one row (packing each submitted response uses it)."""
        width = len(self.dimensions) + 1
        return struct.Struct(f"<{width}d{width}h")

    @cached_property
    def item_struct(self) -> struct.Struct:
        return struct.Struct(f"<{len(self.items)}f")

    @cached_property
    def pair_columns(self) -> list[int]:
        """The item row's columns that make the pair row, in its order (packing each
        submitted response reads them)."""
        keys = [key for key, _, _ in self.pairs]
        return [self.items.index(key) for key in keys] + [
            self.items.index(key + IMPORTANCE) for key in keys
        ]


def layout_of(instrument: Instrument) -> Layout:
    pairs = tuple(
        (item.key, float(scale.min), float(scale.max))
        for _, item in instrument.walk_items()
        if isinstance(item, PairItem)
        for scale in [instrument.resolve_scale(item)]
    )
    scored = [item.key for _, item in instrument.walk_items() if is_scored(item)]
    return Layout(
        dimensions=tuple(d.key for d in instrument.walk_dimensions()),
        categories=tuple(c.key for c in instrument.phases.categories) if instrument.phases else (),
        items=(*scored, *(key + IMPORTANCE for key, _, _ in pairs)),
        pairs=pairs,
    )


# --- packing one response -----------------------------------------------------------


def pack_scores(layout: Layout, scores: Mapping[str, Any]) -> bytes:
    """The score row of one response's stored scores (the fields of `ResponseScores`)."""
    by_dim = scores.get("dimensions") or {}
    phase_of = scores.get("dimension_phases") or {}
    index = {key: i for i, key in enumerate(layout.categories)}
    values = [_number(scores.get("overall")), *(_number(by_dim.get(d)) for d in layout.dimensions)]
    phases = [scores.get("phase"), *(phase_of.get(d) for d in layout.dimensions)]
    codes = [index.get(p, -1) if isinstance(p, str) else -1 for p in phases]
    return layout.score_struct.pack(*values, *codes)


def pack_items(layout: Layout, scores: Mapping[str, Any], answers: Mapping[str, Any]) -> bytes:
    """The item row of one response: its item scores and its pairs' importance."""
    by_item = scores.get("items") or {}
    n_scored = len(layout.items) - len(layout.pairs)
    values = [_number(by_item.get(key)) for key in layout.items[:n_scored]]
    values += [_importance(answers.get(key), low, high) for key, low, high in layout.pairs]
    return layout.item_struct.pack(*values)


def pack_pairs(layout: Layout, item_row: bytes) -> bytes:
    """The pair row of one response, from its item row: its columns' four bytes each."""
    if len(item_row) != layout.item_size:
        return b""
    return b"".join(item_row[4 * column : 4 * column + 4] for column in layout.pair_columns)


def _number(value: Any) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else np.nan
    )


def _importance(answer: Any, low: float, high: float) -> float:
    value = answer.get("importance") if isinstance(answer, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or high == low:
        return np.nan
    return (float(value) - low) / (high - low) * 100.0


# --- a round's rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreMatrix:
    """A round's responses: their group, scores and phases, one row per response."""

    layout: Layout
    keys: tuple[str, ...]  # the round's group keys, in the order to show them
    groups: Ints  # (n,) each response's group, an index into `keys`
    values: Floats  # (n, 1 + dimensions): the overall, then `layout.dimensions`; NaN missing
    phases: Ints  # (n, 1 + dimensions): category index into `layout.categories`; -1 missing
    items: Floats | None = None  # (n, len(layout.items)) when loaded; NaN missing

    def __len__(self) -> int:
        return int(self.groups.shape[0])

    def sizes(self) -> dict[str, int]:
        """The number of responses per group key, groups nobody answered included."""
        counts = np.bincount(self.groups, minlength=len(self.keys)).tolist()
        return dict(zip(self.keys, counts, strict=True))

    def column(self, dimension: str | None = None) -> Floats:
        """The overall's scores (dimension None) or one dimension's, per response."""
        return self.values[
            :, 0 if dimension is None else 1 + self.layout.dimensions.index(dimension)
        ]

    def item(self, key: str) -> Floats:
        """One item column (`KEY:importance` for a pair's importance); items must be loaded."""
        if self.items is None:
            raise ValueError("this matrix was loaded without its items")
        return self.items[:, self.layout.items.index(key)]

    def of_group(self, key: str) -> ScoreMatrix:
        """The rows of one group, with the same keys."""
        rows = self.groups == self.keys.index(key)
        items = self.items[rows] if self.items is not None else None
        return ScoreMatrix(
            self.layout, self.keys, self.groups[rows], self.values[rows], self.phases[rows], items
        )


def from_packed(
    layout: Layout,
    keys: Sequence[str],
    groups: Ints,
    scores: bytes,
    items: bytes | None = None,
) -> ScoreMatrix:
    """The matrix of packed rows: each row's group (an index into `keys`), the score rows
    joined and, when items are wanted, the item rows joined in the same order."""
    record = np.frombuffer(scores, dtype=layout.score_dtype)
    if len(record) != len(groups):
        raise ValueError(f"{len(record)} score rows but {len(groups)} groups")
    width = len(layout.dimensions) + 1
    matrix = None
    if items is not None:
        matrix = np.frombuffer(items, dtype="<f4").reshape(-1, len(layout.items))
        if len(matrix) != len(groups):
            raise ValueError(f"{len(matrix)} item rows but {len(groups)} groups")
    return ScoreMatrix(
        layout,
        tuple(keys),
        np.asarray(groups, dtype=np.int64),
        record["values"].astype(np.float64).reshape(-1, width),
        record["phases"].astype(np.int64).reshape(-1, width),
        matrix.astype(np.float64) if matrix is not None else None,
    )


def matrix_of(
    instrument: Instrument,
    scores: Sequence[Mapping[str, Any]],
    groups: Sequence[str],
    group_keys: Sequence[str] = (),
    answers: Sequence[Mapping[str, Any]] | None = None,
) -> ScoreMatrix:
    """The matrix of responses given as stored JSON scores and their groups' keys.

    `group_keys` lists the round's groups in the order to show them (groups nobody
    answered in included); groups met only in `groups` follow in order of appearance.
    With `answers` (one per response), the matrix has its items too.
    """
    if len(scores) != len(groups) or (answers is not None and len(answers) != len(scores)):
        raise ValueError(f"{len(scores)} scores but {len(groups)} group keys")
    layout = layout_of(instrument)
    keys = list(dict.fromkeys([*group_keys, *groups]))
    packed = b"".join(pack_scores(layout, stored) for stored in scores)
    items = None
    if answers is not None:
        items = b"".join(pack_items(layout, s, a) for s, a in zip(scores, answers, strict=True))
    index = {key: i for i, key in enumerate(keys)}
    codes = np.array([index[group] for group in groups], dtype=np.int64)
    return from_packed(layout, keys, codes, packed, items)
