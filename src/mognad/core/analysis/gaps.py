"""Group gaps: per measure, the difference between every two groups the gate shows.

A gap is worked out of two shown cells only (two groups on their own, or a group and
"other groups"), so it tells nothing the two shown means do not: the gate has already
made sure that neither covers fewer than k people and that they cannot be subtracted.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from mognad.core.analysis.aggregate import Analysis, Cell
from mognad.core.analysis.interval import Difference, Sample, difference


@dataclass(frozen=True)
class GroupGap:
    """`first` minus `second` on one measure (`dimension` None: the overall score)."""

    dimension: str | None
    first: str  # a block key: a group shown on its own, or OTHER
    second: str
    first_mean: float
    second_mean: float
    difference: Difference

    @property
    def flagged(self) -> bool:
        """The interval excludes 0: the groups see this measure clearly differently."""
        return self.difference.excludes_zero


def sample(cell: Cell) -> Sample:
    return Sample(cell.n, cell.mean, cell.sd)


def group_gaps(analysis: Analysis, dimension: str | None = None) -> list[GroupGap]:
    """Gaps on one measure between every two shown blocks that both show it, in page order."""
    cells = {key: _cell(analysis, key, dimension) for key in analysis.blocks}
    shown = [(key, cell) for key, cell in cells.items() if cell is not None]
    return [
        GroupGap(dimension, a, b, ca.mean, cb.mean, difference(sample(ca), sample(cb)))
        for (a, ca), (b, cb) in combinations(shown, 2)
    ]


def all_gaps(analysis: Analysis) -> list[GroupGap]:
    """Gaps on the overall score and on every dimension, the overall first."""
    measures: list[str | None] = [None, *analysis.dimensions]
    return [gap for measure in measures for gap in group_gaps(analysis, measure)]


def biggest(gaps: list[GroupGap], count: int = 3) -> list[GroupGap]:
    """The flagged gaps with the largest difference, largest first."""
    flagged = [gap for gap in gaps if gap.flagged]
    return sorted(flagged, key=lambda gap: -abs(gap.difference.estimate))[:count]


def _cell(analysis: Analysis, key: str, dimension: str | None) -> Cell | None:
    block = analysis.blocks[key]
    return block.overall if dimension is None else block.dimensions.get(dimension)
