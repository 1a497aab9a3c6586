"""The say/do grid: importance against performance of an instrument's paired items.

Per shown aggregate, each pair item is placed by the mean importance and the mean
performance its people gave (both on 0-100). The grid's cross lines are at the middle
of the scale (50), so a quadrant says something about the item itself ("important, and
done less than half well"), not only how it ranks among a handful of others: where does
what is done lag behind what is said to matter?

Every point is gated like any measure: it covers the people of the aggregate who
answered both parts, and is shown only where the gate lets a cell over them through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from mognad.core.analysis.gate import GatePlan, gate_cells
from mognad.core.analysis.sums import block_sums
from mognad.core.model import Instrument, PairItem

Floats = npt.NDArray[np.float64]
MIDDLE = 50.0  # where the cross lines lie on both axes


class Quadrant(StrEnum):
    CONCENTRATE = "concentrate"  # important, done less well: concentrate here
    KEEP_UP = "keep_up"  # important and done well: keep up the good work
    LOW_PRIORITY = "low_priority"  # less important, done less well
    OVERKILL = "overkill"  # less important, done well: possible overkill


@dataclass(frozen=True)
class PairSpec:
    """A pair item and the scale its two parts are answered on."""

    key: str
    dimension: str
    min: int
    max: int


@dataclass(frozen=True)
class PairPoint:
    item: str
    n: int
    importance: float
    performance: float
    quadrant: Quadrant


@dataclass(frozen=True)
class Grid:
    """One aggregate's grid: the points shown, and where the cross lines lie."""

    key: str | None  # None for the overall, else a block key
    points: tuple[PairPoint, ...]
    importance_line: float
    performance_line: float


def pair_items(instrument: Instrument) -> list[PairSpec]:
    """The instrument's pair items in document order, with their scales' ends."""
    found = []
    for dim, item in instrument.walk_items():
        if isinstance(item, PairItem):
            scale = instrument.resolve_scale(item)
            found.append(PairSpec(item.key, dim.key, scale.min, scale.max))
    return found


def to_scores(spec: PairSpec, raw: Sequence[Any]) -> Floats:
    """Stored answers to one part of a pair on 0-100; anything not a number is missing."""
    values = np.array([_number(v) for v in raw], dtype=np.float64)
    return (values - spec.min) / (spec.max - spec.min) * 100


def scaled(specs: Sequence[PairSpec], raw: Floats) -> Floats:
    """Raw answers (people × `specs`, NaN where missing) on 0-100, each on its item's scale."""
    low = np.array([spec.min for spec in specs], dtype=np.float64)
    high = np.array([spec.max for spec in specs], dtype=np.float64)
    result: Floats = (raw - low) / (high - low) * 100
    return result


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return np.nan
    try:
        return float(value)
    except ValueError:  # a "don't know" key
        return np.nan


def say_do(
    plan: GatePlan,
    items: Sequence[str],
    importance: Floats,
    performance: Floats,
    groups: Sequence[str],
) -> dict[str | None, Grid]:
    """The grid of the overall (key None) and each block the plan shows, where it has points.

    `importance` and `performance` are people × `items` on 0-100, NaN where missing;
    `groups` is each person's group key.
    """
    keys = list(plan.counts)
    index = np.array([keys.index(g) for g in groups], dtype=np.int64)
    return say_do_sums(plan, items, pair_sums(index, importance, performance, len(keys)))


@dataclass(frozen=True)
class PairSums:
    """Per group (axis 0) and pair item (axis 1): the people who answered both parts and
    the sums of their importance and performance. Sums add up over any rows."""

    counts: npt.NDArray[np.int64]
    importance: Floats
    performance: Floats


def pair_sums(
    index: npt.NDArray[np.int64], importance: Floats, performance: Floats, n: int
) -> PairSums:
    """The pair sums of people whose groups are `index` (into the round's `n` groups)."""
    both = ~(np.isnan(importance) | np.isnan(performance))
    return PairSums(*_per_group(index, both, importance, performance, n))


def say_do_sums(plan: GatePlan, items: Sequence[str], sums: PairSums) -> dict[str | None, Grid]:
    """`say_do` from the pair sums of each group, in the order of `plan.counts`."""
    keys = list(plan.counts)
    counts, imp, perf = sums.counts, sums.importance, sums.performance
    gates = [
        gate_cells(plan, dict(zip(keys, counts[:, j].tolist(), strict=True)))
        for j in range(len(items))
    ]
    targets: dict[str | None, list[int]] = {}
    if plan.overall_shown:
        targets[None] = list(range(len(keys)))
    targets.update({key: [keys.index(g) for g in block] for key, block in plan.blocks.items()})
    grids = {}
    for key, rows in targets.items():
        shown = [
            j
            for j, gate in enumerate(gates)
            if (gate.overall if key is None else key in gate.blocks)
        ]
        if shown:
            grids[key] = _grid(
                key, items, shown, counts[rows].sum(0), imp[rows].sum(0), perf[rows].sum(0)
            )
    return grids


def _per_group(
    index: npt.NDArray[np.int64], both: npt.NDArray[np.bool_], imp: Floats, perf: Floats, n: int
) -> tuple[npt.NDArray[np.int64], Floats, Floats]:
    """People with both parts, and the sums of each part, per group (axis 0) and item,
    each group summed over its own rows (put in group order first)."""
    if not bool(np.all(index[1:] >= index[:-1])):
        order = np.argsort(index, kind="stable")
        index, both, imp, perf = index[order], both[order], imp[order], perf[order]
    bounds = np.searchsorted(index, np.arange(n + 1))
    return (
        block_sums(both, bounds, np.int64),
        block_sums(np.where(both, imp, 0.0), bounds),
        block_sums(np.where(both, perf, 0.0), bounds),
    )


def _grid(
    key: str | None,
    items: Sequence[str],
    shown: list[int],
    counts: npt.NDArray[np.int64],
    imp: Floats,
    perf: Floats,
) -> Grid:
    means = [(j, float(imp[j] / counts[j]), float(perf[j] / counts[j])) for j in shown]
    points = tuple(
        PairPoint(items[j], int(counts[j]), i, p, quadrant(i, p, MIDDLE, MIDDLE))
        for j, i, p in means
    )
    return Grid(key, points, MIDDLE, MIDDLE)


def quadrant(importance: float, performance: float, imp_line: float, perf_line: float) -> Quadrant:
    """Where a point lies; a point on a line counts as high on that axis."""
    if importance >= imp_line:
        return Quadrant.KEEP_UP if performance >= perf_line else Quadrant.CONCENTRATE
    return Quadrant.OVERKILL if performance >= perf_line else Quadrant.LOW_PRIORITY
