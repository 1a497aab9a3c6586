"""The instrument's recommendations that apply to a round's shown results.

A rule is tested only on what the gate lets through: a test on a withheld or missing
aggregate does not hold, so a recommendation never hints at a hidden result.
"""

from __future__ import annotations

from mognad.core.analysis.aggregate import Aggregate, Analysis, Cell, PhaseCell
from mognad.core.model import Gap, Instrument, Recommendation, When


def applicable(
    instrument: Instrument, analysis: Analysis, key: str | None = None
) -> list[Recommendation]:
    """Recommendations whose `when` holds for aggregate `key` (None: the overall).

    Most urgent first (priority 1); equal priorities keep the instrument's order.
    """
    focus = analysis.aggregate(key)
    found = [r for r in instrument.recommendations if _holds(r.when, focus, analysis)]
    return sorted(found, key=lambda r: r.priority)


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
