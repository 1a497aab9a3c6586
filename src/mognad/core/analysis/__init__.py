"""Analysis of a round's stored scores: aggregates, gaps, progress, recommendations and the
anonymity gate."""

from mognad.core.analysis.aggregate import (
    Aggregate,
    Analysis,
    Band,
    Cell,
    PhaseCell,
    analyse,
    bands,
)
from mognad.core.analysis.gaps import GroupGap, all_gaps, biggest, group_gaps
from mognad.core.analysis.gate import (
    OTHER,
    TEXT_MIN,
    CellGate,
    Explanation,
    GatePlan,
    Reason,
    check_shown,
    gate_cells,
    plan_groups,
    plan_text,
)
from mognad.core.analysis.interval import Difference, Sample, difference
from mognad.core.analysis.matrix import (
    Layout,
    ScoreMatrix,
    from_packed,
    layout_of,
    matrix_of,
    pack_items,
    pack_pairs,
    pack_scores,
)
from mognad.core.analysis.progress import (
    MeasureProgress,
    Point,
    Progress,
    RoundResult,
    progress,
    round_result,
)
from mognad.core.analysis.recommend import Ranked, applicable, ranked

__all__ = [
    "OTHER",
    "TEXT_MIN",
    "Aggregate",
    "Analysis",
    "Band",
    "Cell",
    "CellGate",
    "Difference",
    "Explanation",
    "GatePlan",
    "GroupGap",
    "Layout",
    "MeasureProgress",
    "PhaseCell",
    "Point",
    "Progress",
    "Ranked",
    "Reason",
    "RoundResult",
    "Sample",
    "ScoreMatrix",
    "all_gaps",
    "analyse",
    "applicable",
    "bands",
    "biggest",
    "check_shown",
    "difference",
    "from_packed",
    "gate_cells",
    "group_gaps",
    "layout_of",
    "matrix_of",
    "pack_items",
    "pack_pairs",
    "pack_scores",
    "plan_groups",
    "plan_text",
    "progress",
    "ranked",
    "round_result",
]
