"""Progress over the rounds of a series: per measure, the change since the previous round.

Rounds of one series may use different versions of an instrument lineage, so they are
compared on what they share: a dimension by its key, the overall score only when both
rounds have the same top-level dimensions (otherwise the overall means something else).
Each round's results are gated on their own; progress only subtracts shown cells, and
a round's people are other people than the previous round's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mognad.core.analysis.aggregate import Aggregate, Analysis, Cell
from mognad.core.analysis.gaps import sample
from mognad.core.analysis.interval import Difference, difference
from mognad.core.model import Instrument


@dataclass(frozen=True)
class RoundResult:
    """One round of a series as progress needs it: its label, analysis and structure."""

    label: str
    analysis: Analysis
    top: tuple[str, ...]  # top-level dimension keys, which the overall score averages


def round_result(label: str, instrument: Instrument, analysis: Analysis) -> RoundResult:
    return RoundResult(label, analysis, tuple(d.key for d in instrument.dimensions))


@dataclass(frozen=True)
class Point:
    label: str
    n: int
    mean: float


@dataclass(frozen=True)
class MeasureProgress:
    """One measure (`dimension` None: the overall) over the series."""

    dimension: str | None
    trend: tuple[Point | None, ...]  # per round, oldest first; None where not shown or absent
    change: Difference | None  # the last round minus the one before; None if not both shown


@dataclass(frozen=True)
class Progress:
    labels: tuple[str, ...]
    measures: tuple[MeasureProgress, ...]  # the overall first, then the last round's dimensions
    only_current: tuple[str, ...]  # dimensions the previous round did not have
    only_previous: tuple[str, ...]  # dimensions of the previous round the last one lacks
    overall_comparable: bool


def progress(series: Sequence[RoundResult], key: str | None = None) -> Progress | None:
    """Progress of aggregate `key` (None: all groups) up to the last round of `series`.

    None without an earlier round. A group's progress uses the same group key in each
    round; "other groups" only where it merges the same groups as in the last round.
    """
    if len(series) < 2:
        return None
    current, previous = series[-1], series[-2]
    dims = current.analysis.dimensions
    earlier = set(previous.analysis.dimensions)
    overall_ok = set(current.top) == set(previous.top)
    measures = ([_measure(series, key, None)] if overall_ok else []) + [
        _measure(series, key, dim) for dim in dims if dim in earlier
    ]
    return Progress(
        labels=tuple(r.label for r in series),
        measures=tuple(measures),
        only_current=tuple(d for d in dims if d not in earlier),
        only_previous=tuple(d for d in previous.analysis.dimensions if d not in set(dims)),
        overall_comparable=overall_ok,
    )


def _measure(series: Sequence[RoundResult], key: str | None, dim: str | None) -> MeasureProgress:
    groups = _groups(series[-1].analysis, key)
    top = set(series[-1].top)
    cells = [_cell(r, key, groups, dim) if _comparable(r, top, dim) else None for r in series]
    trend = tuple(
        Point(r.label, cell.n, cell.mean) if cell else None
        for r, cell in zip(series, cells, strict=True)
    )
    last, before = cells[-1], cells[-2]
    change = difference(sample(last), sample(before)) if last and before else None
    return MeasureProgress(dim, trend, change)


def _groups(analysis: Analysis, key: str | None) -> tuple[str, ...] | None:
    aggregate = analysis.aggregate(key)
    return aggregate.groups if aggregate else None


def _cell(
    result: RoundResult, key: str | None, groups: tuple[str, ...] | None, dim: str | None
) -> Cell | None:
    aggregate: Aggregate | None = result.analysis.aggregate(key)
    if aggregate is None or (key is not None and aggregate.groups != groups):
        return None
    return aggregate.overall if dim is None else aggregate.dimensions.get(dim)


def _comparable(result: RoundResult, top: set[str], dim: str | None) -> bool:
    return set(result.top) == top if dim is None else dim in result.analysis.dimensions
