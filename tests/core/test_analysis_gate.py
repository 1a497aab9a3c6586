"""The anonymity gate: no shown aggregate covers fewer than k people, none can be subtracted."""

from collections.abc import Mapping
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mognad.core.analysis import (
    OTHER,
    Reason,
    check_shown,
    gate_cells,
    plan_groups,
    plan_text,
)
from mognad.core.analysis.gate import GatePlan

GROUPS = ["leadership", "staff", "customers", "partners", "board", "volunteers"]

counts_strategy = st.dictionaries(
    st.sampled_from(GROUPS), st.integers(0, 30), min_size=1, max_size=len(GROUPS)
)


def _shown_sets(plan: GatePlan, overall: bool, blocks: set[str]) -> list[frozenset[str]]:
    """Every shown aggregate as the set of groups whose people it covers."""
    sets = [frozenset(plan.blocks[key]) for key in sorted(blocks)]
    return [*sets, frozenset(plan.counts)] if overall else sets


def _leaks(sets: list[frozenset[str]], size: Mapping[str, int], k: int) -> list[str]:
    """What could be learnt about 1..k-1 people from these aggregates, by any subtraction."""

    def people(groups: frozenset[str]) -> int:
        return sum(size.get(g, 0) for g in groups)

    found = [f"{sorted(s)} covers {people(s)}" for s in sets if people(s) < k]
    for a, b in combinations(sets, 2):
        if 0 < people(a ^ b) < k:
            found.append(f"{sorted(a)} and {sorted(b)} differ by {people(a ^ b)}")
    for whole in sets:
        inside = [s for s in sets if s <= whole and s != whole]
        for r in range(1, len(inside) + 1):
            for parts in combinations(inside, r):
                if sum(len(p) for p in parts) != len(frozenset().union(*parts)):
                    continue  # overlapping parts cannot simply be subtracted
                rest = people(whole) - sum(people(p) for p in parts)
                if 0 < rest < k:
                    found.append(f"{sorted(whole)} minus {[sorted(p) for p in parts]} = {rest}")
    return found


@settings(max_examples=400, deadline=None)
@given(counts=counts_strategy, k=st.integers(3, 10))
def test_no_shown_aggregate_reveals_fewer_than_k_people(counts, k):
    """Every shown aggregate has k or more people, and no subtraction isolates 1..k-1."""
    plan = plan_groups(counts, k)
    assert _leaks(_shown_sets(plan, plan.overall_shown, set(plan.blocks)), counts, k) == []


@settings(max_examples=400, deadline=None)
@given(data=st.data(), counts=counts_strategy, k=st.integers(3, 10))
def test_no_shown_cell_of_a_measure_reveals_fewer_than_k_people(data, counts, k):
    """Gated on the people who have a measure (some scores missing), cells leak nothing."""
    plan = plan_groups(counts, k)
    having = {g: data.draw(st.integers(0, n), label=g) for g, n in counts.items()}
    cells = gate_cells(plan, having)
    assert cells.blocks <= set(plan.blocks)
    assert not cells.overall or plan.overall_shown
    assert _leaks(_shown_sets(plan, cells.overall, set(cells.blocks)), having, k) == []


@settings(max_examples=200, deadline=None)
@given(counts=counts_strategy, k=st.integers(3, 10))
def test_every_group_is_placed_exactly_once(counts, k):
    """Each group is visible, merged, hidden or empty: one of them, never two."""
    plan = plan_groups(counts, k)
    places = [*plan.visible, *plan.merged, *plan.hidden, *plan.empty]
    assert sorted(places) == sorted(counts)


@settings(max_examples=200, deadline=None)
@given(counts=counts_strategy, k=st.integers(3, 10))
def test_it_always_shows_the_overall_once_k_people_answered(counts, k):
    """With k answers overall the overall is shown, and no group is hidden without reason."""
    plan = plan_groups(counts, k)
    if sum(counts.values()) >= k:
        assert plan.overall_shown
        assert set(plan.hidden) <= set(counts)
        assert bool(plan.hidden) == (not plan.visible and any(0 < n < k for n in counts.values()))


def test_it_merges_small_groups_that_together_reach_k():
    """k=5: groups of 3 and 2 are shown together as "other groups" of 5."""
    plan = plan_groups({"staff": 12, "leadership": 3, "customers": 2}, 5)
    assert plan.visible == ("staff",)
    assert plan.merged == ("leadership", "customers")
    assert plan.size(OTHER) == 5
    assert plan.overall_shown
    assert [(e.reason, e.groups) for e in plan.explanations] == [
        (Reason.MERGED, ("leadership", "customers"))
    ]


def test_it_folds_the_smallest_group_in_so_the_overall_stays():
    """k=5: a group of 3 joins the smallest big group in "other groups"; overall shown."""
    plan = plan_groups({"staff": 12, "customers": 7, "leadership": 3}, 5)
    assert plan.visible == ("staff",)
    assert plan.merged == ("customers", "leadership")
    assert plan.hidden == ()
    assert plan.overall_shown
    reasons = [(e.reason, e.groups) for e in plan.explanations]
    assert reasons == [(Reason.MERGED, ("leadership",)), (Reason.FOLDED, ("customers",))]


def test_it_shows_only_the_overall_when_every_group_would_reveal_a_small_one():
    """k=5: staff 12 and leadership 3: either group shown would reveal the other."""
    plan = plan_groups({"staff": 12, "leadership": 3}, 5)
    assert (plan.visible, plan.merged) == ((), ())
    assert plan.hidden == ("staff", "leadership")
    assert plan.overall_shown
    assert [e.reason for e in plan.explanations] == [Reason.ONLY_OVERALL]


def test_small_groups_whose_merge_stays_below_k_take_a_big_group_with_them():
    """k=5: groups of 2 and 2 merge to 4; the smallest big group (6) joins them."""
    plan = plan_groups({"staff": 9, "partners": 6, "leadership": 2, "customers": 2}, 5)
    assert plan.visible == ("staff",)
    assert plan.merged == ("partners", "leadership", "customers")
    assert plan.overall_shown


def test_it_shows_the_overall_and_every_group_when_all_reach_k():
    """k=5: groups of 12 and 8: all three aggregates shown, nothing to explain."""
    plan = plan_groups({"staff": 12, "leadership": 8}, 5)
    assert plan.visible == ("staff", "leadership")
    assert plan.overall_shown
    assert plan.explanations == ()


def test_it_shows_nothing_below_k_overall():
    """k=5: four answers in all: nothing is shown, and the plan says why."""
    plan = plan_groups({"staff": 3, "leadership": 1, "customers": 0}, 5)
    assert (plan.visible, plan.merged, plan.overall_shown) == ((), (), False)
    assert plan.hidden == ("staff", "leadership")
    assert plan.empty == ("customers",)
    assert plan.explanations[0].reason == Reason.TOO_FEW_OVERALL


def test_it_shows_only_the_overall_when_no_group_reaches_k_alone():
    """k=5: groups of 3 and 2: "other groups" would equal the overall, so only that shows."""
    plan = plan_groups({"staff": 3, "leadership": 2}, 5)
    assert (plan.visible, plan.merged) == ((), ())
    assert plan.overall_shown
    assert [e.reason for e in plan.explanations] == [Reason.ONLY_OVERALL]


def test_a_group_nobody_answered_in_changes_nothing():
    """An empty group is neither shown nor hidden and needs no explanation."""
    plan = plan_groups({"staff": 12, "customers": 0}, 5)
    assert plan.empty == ("customers",)
    assert plan.overall_shown
    assert plan.explanations == ()


@pytest.mark.parametrize(
    ("sizes", "total", "expected"),
    [
        ([12, 8], None, True),
        ([12, 4], None, False),
        ([12, 8], 20, True),
        ([12, 8], 23, False),
        ([12, 8], 25, True),
        ([], 5, True),
        ([], 4, False),
    ],
)
def test_check_shown_allows_disjoint_parts_only_with_a_safe_rest(sizes, total, expected):
    """Parts need k each; with their total shown, total minus parts is 0 or at least k."""
    assert check_shown(sizes, 5, total) is expected


def test_a_cell_missing_for_some_people_is_gated_on_those_who_have_it():
    """k=5: leadership has 8 people but only 4 scored a dimension: that cell is hidden,
    and the overall cell for it too, since 16 minus staff's 12 would reveal those 4."""
    plan = plan_groups({"staff": 12, "leadership": 8}, 5)
    cells = gate_cells(plan, {"staff": 12, "leadership": 4})
    assert cells.blocks == {"staff"}
    assert not cells.overall


def test_free_text_needs_ten_people_per_aggregate():
    """Text follows the same rules with at least 10: a group of 8 is not shown at k=5."""
    plan = plan_text({"staff": 12, "leadership": 8}, 5)
    assert plan.k == 10
    assert plan.visible == ()
    assert "leadership" in plan.hidden


@pytest.mark.parametrize(
    ("counts", "k", "message"),
    [
        ({"staff": 5}, 0, "k must be at least 1"),
        ({"staff": -1}, 5, "cannot be negative"),
        ({OTHER: 5}, 5, "reserved"),
    ],
)
def test_it_rejects_impossible_arguments(counts, k, message):
    """A k below 1, a negative count or the reserved key is a programming error."""
    with pytest.raises(ValueError, match=message):
        plan_groups(counts, k)
