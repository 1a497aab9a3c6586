"""The instrument's recommendations that apply to a round's shown results, ranked.

A rule is tested only on what the gate lets through: a test on a withheld or missing
aggregate does not hold, so a recommendation never hints at a hidden result.
"""

from __future__ import annotations

from dataclasses import dataclass

from mognad.core.analysis.aggregate import Aggregate, Analysis, Cell, PhaseCell, bands
from mognad.core.model import Dimension, Gap, Instrument, Recommendation, When


@dataclass(frozen=True)
class Ranked:
    recommendation: Recommendation
    distance: float  # points from the mean to the next level up; 0 at the top or without a score
    share: float  # the measure's share of the overall score (1 for the overall)

    @property
    def gain(self) -> float:
        """What reaching the next level would add to the overall score, roughly."""
        return self.distance * self.share


def ranked(instrument: Instrument, analysis: Analysis, key: str | None = None) -> list[Ranked]:
    """Recommendations whose `when` holds for aggregate `key` (None: the overall), ranked.

    By priority (1 first), then by the distance to the next level times the measure's
    share of the overall score (most to gain first), then in the instrument's order.
    """
    focus = analysis.aggregate(key)
    shares = dimension_shares(instrument)
    found = [
        Ranked(r, _distance(instrument, _score(focus, r.when.dimension)), _share(shares, r))
        for r in instrument.recommendations
        if _holds(r.when, focus, analysis)
    ]
    return sorted(found, key=lambda r: (r.recommendation.priority, -r.gain))


def applicable(
    instrument: Instrument, analysis: Analysis, key: str | None = None
) -> list[Recommendation]:
    """The recommendations of `ranked`, in its order."""
    return [r.recommendation for r in ranked(instrument, analysis, key)]


def dimension_shares(instrument: Instrument) -> dict[str, float]:
    """Each dimension's share of the overall: its weight among its siblings, times its
    parent's share."""
    shares: dict[str, float] = {}

    def walk(dims: list[Dimension], parent: float) -> None:
        total = sum(d.weight for d in dims)
        for d in dims:
            shares[d.key] = parent * d.weight / total
            walk(d.dimensions, shares[d.key])

    walk(instrument.dimensions, 1.0)
    return shares


def _share(shares: dict[str, float], rec: Recommendation) -> float:
    return 1.0 if rec.when.dimension is None else shares.get(rec.when.dimension, 0.0)


def _distance(instrument: Instrument, cell: Cell | None) -> float:
    """Points from the mean up to the lowest score of the next band (level or fifth)."""
    if cell is None:
        return 0.0
    above = [band.min for band in bands(instrument) if band.min > cell.mean]
    return min(above) - cell.mean if above else 0.0


def _holds(when: When, focus: Aggregate | None, analysis: Analysis) -> bool:
    cell = _score(focus, when.dimension)
    phase = _phase(focus, when.dimension)
    tests = [
        when.score_below is None or (cell is not None and cell.mean < when.score_below),
        when.score_at_least is None or (cell is not None and cell.mean >= when.score_at_least),
        when.level is None or (cell is not None and cell.level in when.level),
        when.phase is None or (phase is not None and phase.dominant in when.phase),
        when.gap is None or _gap_holds(when.gap, when.dimension, analysis),
    ]
    return all(tests)


def _score(aggregate: Aggregate | None, dimension: str | None) -> Cell | None:
    if aggregate is None:
        return None
    return aggregate.overall if dimension is None else aggregate.dimensions.get(dimension)


def _phase(aggregate: Aggregate | None, dimension: str | None) -> PhaseCell | None:
    if aggregate is None:
        return None
    return aggregate.phase if dimension is None else aggregate.dimension_phases.get(dimension)


def _gap_holds(gap: Gap, dimension: str | None, analysis: Analysis) -> bool:
    """Both named groups are shown on their own and their means differ by enough."""
    first, second = (_score(analysis.blocks.get(g), dimension) for g in gap.groups)
    if first is None or second is None:
        return False
    return abs(first.mean - second.mean) >= gap.at_least
