"""The benchmark: where a round stands among peer organisations' rounds of one lineage.

Peers are other organisations that opted in to the benchmark pool, with rounds of an
instrument of the same lineage. Each organisation counts once, with its latest round
that has the measure, so a busy organisation does not outweigh the others. Only
results a round's own gate shows enter the pool, and only from rounds of at least k
people; the benchmark is shown per measure only when at least MIN_ORGANISATIONS
organisations have it. It shows a percentile, never a peer's own result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mognad.core.analysis.aggregate import Analysis, Cell
from mognad.core.model import Instrument

MIN_ORGANISATIONS = 5


@dataclass(frozen=True)
class PoolRound:
    """A round's shown results as the pool needs them (from a round's analysis)."""

    organisation: str
    n: int  # people who answered
    means: Mapping[str | None, float]  # shown cells only: None the overall, else a dimension
    top: tuple[str, ...]  # top-level dimensions, which the overall averages


@dataclass(frozen=True)
class BenchmarkCell:
    dimension: str | None
    organisations: int  # peers with the measure
    percentile: float | None  # share of peers below, ties counted half; None until shown
    needed: int  # how many more organisations the pool needs before it is shown

    @property
    def shown(self) -> bool:
        return self.percentile is not None


@dataclass(frozen=True)
class Benchmark:
    cells: tuple[BenchmarkCell, ...]  # the overall first, then the round's dimensions
    not_comparable: tuple[str, ...]  # the round's dimensions no peer round has


def pool_round(organisation: str, instrument: Instrument, analysis: Analysis) -> PoolRound:
    """What a round brings to the pool: the cells its gate shows for all groups together."""
    overall = analysis.overall
    means: dict[str | None, float] = {}
    if overall is not None:
        cells: dict[str | None, Cell | None] = {None: overall.overall}
        cells.update(overall.dimensions)
        means = {key: cell.mean for key, cell in cells.items() if cell is not None}
    top = tuple(d.key for d in instrument.dimensions)
    return PoolRound(organisation, analysis.plan.total, means, top)


def benchmark(own: PoolRound, pool: Sequence[PoolRound], k: int) -> Benchmark:
    """Where `own` stands among `pool` (rounds oldest first) on each measure it shows.

    Rounds of `own.organisation` and rounds of fewer than `k` people are left out.
    """
    peers = [r for r in pool if r.organisation != own.organisation and r.n >= k]
    cells = tuple(_cell(own, peers, measure) for measure in own.means)
    known = {m for r in peers for m in r.means}
    lacking = tuple(m for m in own.means if m is not None and m not in known)
    return Benchmark(cells, lacking)


def _cell(own: PoolRound, peers: Sequence[PoolRound], measure: str | None) -> BenchmarkCell:
    latest: dict[str, float] = {}
    for peer in peers:
        if measure in peer.means and (measure is not None or set(peer.top) == set(own.top)):
            latest[peer.organisation] = peer.means[measure]
    count = len(latest)
    if count < MIN_ORGANISATIONS:
        return BenchmarkCell(measure, count, None, MIN_ORGANISATIONS - count)
    return BenchmarkCell(measure, count, percentile(own.means[measure], list(latest.values())), 0)


def percentile(value: float, others: Sequence[float]) -> float:
    """The share of `others` below `value`, those equal to it counted half, on 0-100."""
    below = sum(other < value for other in others)
    equal = sum(other == value for other in others)
    return (below + equal / 2) / len(others) * 100
