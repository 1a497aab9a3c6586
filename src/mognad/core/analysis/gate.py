"""The anonymity gate: the one place that decides which aggregates of a round may be shown.

Every path that shows results (pages, API, exports, PDF) asks it. The rules are those of
DESIGN.md "Results and privacy", written out with their guarantee in docs/analysis.md:

- no aggregate over fewer than k respondents;
- groups below k are shown together as "other groups" when together they reach k,
  otherwise hidden;
- no aggregate may be worked out of the shown ones by subtraction when it covers 1 to
  k-1 people: when the small groups stay below k together, the smallest shown groups join
  them in "other groups" until it reaches k, so the overall result can always be shown;
- free text only from aggregates of at least ten people (the same rules with k >= 10).

The gate sees only counts of people, never scores, so what it decides cannot depend on
what anyone answered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

OTHER = "~other"  # the key of the merged "other groups" bucket; "~" is in no group key
TEXT_MIN = 10


class Reason(StrEnum):
    """Why something is not shown on its own; the web layer words it for people."""

    TOO_FEW_OVERALL = "too_few_overall"  # fewer than k people answered at all
    MERGED = "merged"  # each group below k; together they reach k
    HIDDEN = "hidden"  # groups below k that together stay below k
    FOLDED = "folded"  # groups of k or more shown inside OTHER so the small ones stay hidden
    ONLY_OVERALL = "only_overall"  # no group can be shown without revealing a small one
    OVERALL_WITHHELD = "overall_withheld"  # one measure: overall minus shown parts is 1..k-1


@dataclass(frozen=True)
class Explanation:
    reason: Reason
    groups: tuple[str, ...]


@dataclass(frozen=True)
class GatePlan:
    """Which groups of a round may be shown, and how. Keys keep the order they came in."""

    k: int
    counts: dict[str, int]
    visible: tuple[str, ...]  # shown on their own
    merged: tuple[str, ...]  # shown together as OTHER
    hidden: tuple[str, ...]  # shown nowhere except inside the overall, if that is shown
    empty: tuple[str, ...]  # nobody answered: nothing to show or hide
    overall_shown: bool
    explanations: tuple[Explanation, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def blocks(self) -> dict[str, tuple[str, ...]]:
        """Every shown aggregate except the overall: its key and the groups it covers."""
        blocks: dict[str, tuple[str, ...]] = {key: (key,) for key in self.visible}
        if self.merged:
            blocks[OTHER] = self.merged
        return blocks

    def is_shown(self, key: str) -> bool:
        """Whether the aggregate `key` (a group key or OTHER) may be shown."""
        return key in self.blocks

    def size(self, key: str) -> int:
        return sum(self.counts[group] for group in self.blocks[key])


@dataclass(frozen=True)
class CellGate:
    """For one measure (a dimension score, a phase …): which aggregates may show it."""

    overall: bool
    blocks: frozenset[str]


def check_shown(sizes: Sequence[int], k: int, total: int | None = None) -> bool:
    """Whether aggregates over disjoint sets of `sizes` people may be shown together.

    `total` is the size of the aggregate that contains them all, when it is shown too:
    subtracting every part from it must leave nobody or at least k people.
    """
    if any(size < k for size in sizes):
        return False
    if total is None:
        return True
    rest = total - sum(sizes)
    return total >= k and (rest == 0 or rest >= k)


def plan_groups(counts: Mapping[str, int], k: int) -> GatePlan:
    """Decide which groups, with `counts` respondents each, may be shown at threshold k."""
    _check_arguments(counts, k)
    empty = tuple(key for key, n in counts.items() if n == 0)
    answered = {key: n for key, n in counts.items() if n > 0}
    if sum(answered.values()) < k:
        why: tuple[Explanation, ...] = (Explanation(Reason.TOO_FEW_OVERALL, tuple(answered)),)
        return GatePlan(k, dict(counts), (), (), tuple(answered), empty, False, why)
    visible = [key for key, n in answered.items() if n >= k]
    small = [key for key, n in answered.items() if n < k]
    if not small:
        return GatePlan(k, dict(counts), tuple(visible), (), (), empty, True, ())
    folded = _fold(answered, visible, sum(answered[key] for key in small), k)
    if not visible:
        why = (Explanation(Reason.ONLY_OVERALL, tuple(small)),)
        return GatePlan(k, dict(counts), (), (), tuple(answered), empty, True, why)
    merged = tuple(key for key in answered if key in small or key in folded)
    why = (Explanation(Reason.MERGED, tuple(small)),)
    if folded:
        why += (Explanation(Reason.FOLDED, tuple(folded)),)
    return GatePlan(k, dict(counts), tuple(visible), merged, (), empty, True, why)


def _fold(answered: Mapping[str, int], visible: list[str], merged_size: int, k: int) -> list[str]:
    """Moves the smallest shown groups into "other groups" until it holds at least k people.

    Then the overall minus the shown groups is "other groups" itself, so subtraction
    reveals no small group, and the overall result never has to be withheld.
    """
    folded = []
    while merged_size < k and visible:
        smallest = min(visible, key=lambda key: answered[key])
        visible.remove(smallest)
        folded.append(smallest)
        merged_size += answered[smallest]
    return folded


def plan_text(counts: Mapping[str, int], k: int) -> GatePlan:
    """The plan for free text: the same rules, with at least TEXT_MIN people everywhere."""
    return plan_groups(counts, max(k, TEXT_MIN))


def gate_cells(plan: GatePlan, counts: Mapping[str, int]) -> CellGate:
    """Which aggregates of `plan` may show a measure that `counts` people per group have.

    A measure such as a dimension score is missing for some respondents, so its
    aggregates cover fewer people than the groups do, and are gated again on those.
    """
    parts = {key: sum(counts.get(g, 0) for g in groups) for key, groups in plan.blocks.items()}
    shown = frozenset(key for key, n in parts.items() if n >= plan.k)
    total = sum(counts.get(g, 0) for g in plan.counts)
    sizes = [parts[key] for key in shown]
    overall = plan.overall_shown and check_shown(sizes, plan.k, total)
    return CellGate(overall, shown)


def _check_arguments(counts: Mapping[str, int], k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    if OTHER in counts:
        raise ValueError(f"{OTHER!r} is reserved for the merged groups")
    negative = [key for key, n in counts.items() if n < 0]
    if negative:
        raise ValueError(f"counts cannot be negative: {', '.join(negative)}")
