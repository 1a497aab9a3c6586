"""Analysis of a round's stored scores: aggregates, recommendations and the anonymity gate."""

from mognad.core.analysis.aggregate import (
    Aggregate,
    Analysis,
    Band,
    Cell,
    PhaseCell,
    analyse,
    bands,
)
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
from mognad.core.analysis.recommend import applicable

__all__ = [
    "OTHER",
    "TEXT_MIN",
    "Aggregate",
    "Analysis",
    "Band",
    "Cell",
    "CellGate",
    "Explanation",
    "GatePlan",
    "PhaseCell",
    "Reason",
    "analyse",
    "applicable",
    "bands",
    "check_shown",
    "gate_cells",
    "plan_groups",
    "plan_text",
]
