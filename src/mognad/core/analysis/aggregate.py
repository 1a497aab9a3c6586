"""Aggregates of a round's stored scores, per group and overall, through the anonymity gate.

Input is a round's `ScoreMatrix` (matrix.py): each response's overall and dimension
scores, phases and group, as arrays. Sufficient statistics (counts, sums,
band and phase counts) are computed once per group with NumPy; every shown aggregate
is a sum of some groups' statistics, so merging groups costs nothing.

A measure is the overall score or one dimension's score (and, for phase instruments,
the overall phase or a dimension's phase). Each measure is gated on the number of
people who have it, which can be below a group's size when some scores are missing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mognad.core.analysis.gate import CellGate, GatePlan, gate_cells, plan_groups
from mognad.core.analysis.matrix import ScoreMatrix
from mognad.core.analysis.sums import block_sums
from mognad.core.model import Instrument

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Band:
    """A band of the distribution: a level, or a fifth of the scale when there are none."""

    key: str
    min: int
    max: int


@dataclass(frozen=True)
class Cell:
    """A score measure over one aggregate: how many have it, their mean, its level."""

    n: int
    mean: float
    level: str | None
    bands: tuple[int, ...]  # people per band, in the order of `Analysis.bands`
    sd: float = 0.0  # the sample standard deviation (n - 1); 0 for a single person


@dataclass(frozen=True)
class PhaseCell:
    """A phase measure over one aggregate: people per category and the dominant one."""

    n: int
    counts: tuple[int, ...]  # in the order of `Analysis.categories`
    dominant: str | None


@dataclass(frozen=True)
class Aggregate:
    """The shown results of one aggregate; a cell the gate withholds is None."""

    key: str | None  # None for the overall, else a group key or OTHER
    groups: tuple[str, ...]
    n: int
    overall: Cell | None
    dimensions: dict[str, Cell | None]
    phase: PhaseCell | None
    dimension_phases: dict[str, PhaseCell | None]


@dataclass(frozen=True)
class Analysis:
    plan: GatePlan
    dimensions: tuple[str, ...]  # every dimension, parents first
    bands: tuple[Band, ...]
    categories: tuple[str, ...]  # phase categories; empty without phases
    overall: Aggregate | None  # None when the gate withholds it
    blocks: dict[str, Aggregate]  # visible groups, then OTHER when groups are merged

    def aggregate(self, key: str | None = None) -> Aggregate | None:
        """The overall (key None) or a shown group's aggregate; None when not shown."""
        return self.overall if key is None else self.blocks.get(key)


@dataclass(frozen=True)
class Stats:
    """Per group (axis 0) and measure (axis 1): what any union of groups needs."""

    counts: Ints
    sums: Floats
    squares: Floats  # sums of squared scores, for standard deviations
    bands: Ints  # axis 2: band
    phase_counts: Ints  # axis 2: category

    def of(self, rows: list[int]) -> Stats:
        """The statistics of the union of groups `rows`, as a single group."""
        return Stats(
            counts=self.counts[rows].sum(axis=0, keepdims=True),
            sums=self.sums[rows].sum(axis=0, keepdims=True),
            squares=self.squares[rows].sum(axis=0, keepdims=True),
            bands=self.bands[rows].sum(axis=0, keepdims=True),
            phase_counts=self.phase_counts[rows].sum(axis=0, keepdims=True),
        )


def bands(instrument: Instrument) -> list[Band]:
    """The instrument's levels from the lowest up, or five bands of 20 points."""
    if instrument.levels:
        return [Band(lv.key, lv.min, lv.max) for lv in sorted(instrument.levels, key=_min)]
    return [
        Band(f"{lo}-{lo + 19 + (lo == 80)}", lo, lo + 19 + (lo == 80)) for lo in range(0, 81, 20)
    ]


def analyse(instrument: Instrument, matrix: ScoreMatrix, k: int) -> Analysis:
    """Everything the gate lets through about the responses of `matrix`, at threshold k."""
    return analyse_stats(instrument, matrix.sizes(), group_stats(instrument, matrix), k)


def analyse_stats(instrument: Instrument, sizes: dict[str, int], stats: Stats, k: int) -> Analysis:
    """The same from each group's statistics (in the order of `sizes`, responses per group):
    statistics add up, so a stored summary of a round gives the analysis of all its rows."""
    plan = plan_groups(sizes, k)
    return _build(instrument, plan, list(sizes), stats)


def _min(level: Any) -> int:
    return int(level.min)


def _build(instrument: Instrument, plan: GatePlan, keys: list[str], stats: Stats) -> Analysis:
    dims = tuple(d.key for d in instrument.walk_dimensions())
    categories = tuple(c.key for c in instrument.phases.categories) if instrument.phases else ()
    score_gates = [gate_cells(plan, _column(keys, stats.counts, v)) for v in range(len(dims) + 1)]
    phase_n = stats.phase_counts.sum(axis=2)
    phase_gates = [gate_cells(plan, _column(keys, phase_n, v)) for v in range(len(dims) + 1)]
    maker = _Maker(instrument, plan, dims, categories, score_gates, phase_gates)
    overall = (
        maker.make(None, keys, stats.of(list(range(len(keys))))) if plan.overall_shown else None
    )
    blocks = {
        key: maker.make(key, groups, stats.of([keys.index(g) for g in groups]))
        for key, groups in plan.blocks.items()
    }
    return Analysis(plan, dims, tuple(bands(instrument)), categories, overall, blocks)


def _column(keys: list[str], counts: Ints, measure: int) -> dict[str, int]:
    return dict(zip(keys, counts[:, measure].tolist(), strict=True))


@dataclass(frozen=True)
class _Maker:
    """Turns the statistics of one aggregate into its shown cells."""

    instrument: Instrument
    plan: GatePlan
    dims: tuple[str, ...]
    categories: tuple[str, ...]
    score_gates: list[CellGate]
    phase_gates: list[CellGate]

    def make(self, key: str | None, groups: Sequence[str], stats: Stats) -> Aggregate:
        cells = [self._cell(key, stats, v) for v in range(len(self.dims) + 1)]
        phases = [self._phase(key, stats, v) for v in range(len(self.dims) + 1)]
        return Aggregate(
            key=key,
            groups=tuple(groups),
            n=sum(self.plan.counts[g] for g in groups),
            overall=cells[0],
            dimensions=dict(zip(self.dims, cells[1:], strict=True)),
            phase=phases[0],
            dimension_phases=dict(zip(self.dims, phases[1:], strict=True)),
        )

    def _cell(self, key: str | None, stats: Stats, v: int) -> Cell | None:
        if not _allowed(self.score_gates[v], key):
            return None
        n = int(stats.counts[0, v])
        mean = float(stats.sums[0, v]) / n
        level = _level_of(self.instrument, mean)
        sd = _sd(n, float(stats.sums[0, v]), float(stats.squares[0, v]))
        return Cell(n, mean, level, tuple(stats.bands[0, v].tolist()), sd)

    def _phase(self, key: str | None, stats: Stats, v: int) -> PhaseCell | None:
        if not self.categories or not _allowed(self.phase_gates[v], key):
            return None
        counts = tuple(int(c) for c in stats.phase_counts[0, v])
        return PhaseCell(sum(counts), counts, _dominant(self.instrument, self.categories, counts))


def _sd(n: int, total: float, squares: float) -> float:
    if n < 2:
        return 0.0
    return math.sqrt(max(0.0, (squares - total * total / n) / (n - 1)))


def _allowed(gate: CellGate, key: str | None) -> bool:
    return gate.overall if key is None else key in gate.blocks


def _level_of(instrument: Instrument, score: float) -> str | None:
    rounded = math.floor(score + 0.5)
    return next((lv.key for lv in instrument.levels if lv.min <= rounded <= lv.max), None)


def _dominant(
    instrument: Instrument, categories: tuple[str, ...], counts: tuple[int, ...]
) -> str | None:
    """The category most people are in; ties follow the instrument's tie rule."""
    if max(counts, default=0) == 0:
        return None
    order = list(range(len(categories)))
    if instrument.phases is not None and instrument.phases.tie == "last":
        order.reverse()
    return categories[max(order, key=lambda i: counts[i])]  # max keeps the first of equals


# --- statistics ---------------------------------------------------------------------


def group_stats(instrument: Instrument, matrix: ScoreMatrix) -> Stats:
    """The statistics of every group, each summed over its own contiguous block of rows.

    Rows are put in group order first (the web layer reads them that way already); every
    statistic is then one pass over all rows, each group's sum starting afresh at its
    block, so a group's figures depend only on its own rows.
    """
    group = matrix.groups
    ordered = bool(np.all(group[1:] >= group[:-1]))
    order = slice(None) if ordered else np.argsort(group, kind="stable")
    values, phases, group = matrix.values[order], matrix.phases[order], group[order]
    n_groups = len(matrix.keys)
    bounds = np.searchsorted(group, np.arange(n_groups + 1))
    valid = ~np.isnan(values)
    present = np.where(valid, values, 0.0)
    n_cat = _ncat(instrument)
    return Stats(
        counts=block_sums(valid, bounds, np.int64),
        sums=block_sums(present, bounds),
        squares=block_sums(present * present, bounds),
        bands=_binned(_band_slots(instrument, values), group, n_groups, len(bands(instrument))),
        phase_counts=_binned(phases + 1 if n_cat else phases, group, n_groups, n_cat),
    )


def _ncat(instrument: Instrument) -> int:
    return len(instrument.phases.categories) if instrument.phases else 0


def _band_slots(instrument: Instrument, values: Floats) -> Ints:
    """Each score's band plus one (0 when missing), placed by its rounded value as levels are.

    A score rounds to a whole number from 0 to 100, so its band is looked up in a table
    of the 102 values from -1 (missing) to 100. The steps work in place: at a million
    responses each temporary array is tens of megabytes.
    """
    mins = np.array([band.min for band in bands(instrument)], dtype=np.float64)
    table = np.searchsorted(mins, np.arange(-1, 101), side="right")
    rounded = values + 0.5
    np.floor(rounded, out=rounded)
    np.clip(rounded, -1, 100, out=rounded)  # NaN stays NaN
    rounded[np.isnan(rounded)] = -1
    index = rounded.astype(np.intp)
    index += 1
    slots: Ints = table[index]
    return slots


def _binned(slots: Ints, group: Ints, n_groups: int, n_bins: int) -> Ints:
    """People per group, measure (axis 1 of `slots`) and bin, from each one's bin plus one
    (0 counts nowhere); `slots` is used up. Without bins (an instrument without phases),
    nothing is counted, whatever `slots` holds."""
    n_measures = slots.shape[1]
    if n_bins == 0:
        return np.zeros((n_groups, n_measures, 0), dtype=np.int64)
    width = n_bins + 1
    slots += (group * (n_measures * width))[:, np.newaxis]
    slots += np.arange(n_measures) * width
    flat = np.bincount(slots.ravel(), minlength=n_groups * n_measures * width)
    return flat.reshape(n_groups, n_measures, width)[:, :, 1:].astype(np.int64)
