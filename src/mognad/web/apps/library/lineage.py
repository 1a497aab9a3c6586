"""Lineage for the library pages: where a version came from, what came of it, its rounds.

Built from one query over the versions the workspace can see and one count of rounds,
whatever the size of the tree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from mognad.core.diff import InstrumentDiff, diff_instruments, suggest_bump
from mognad.core.versions import Bump, bump_version, version_key
from mognad.instruments import find_builtin
from mognad.web.apps.library.catalog import Entry, draft_instrument, find_entry, visible_versions
from mognad.web.apps.library.models import InstrumentDraft, InstrumentVersion
from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces.models import Workspace

Ref = tuple[str, str]  # (instrument id, version)
Counts = dict[Ref, int]
Known = dict[Ref, InstrumentVersion]
ByParent = dict[Ref, list[InstrumentVersion]]


@dataclass
class Node:
    id: str
    version: str
    visible: bool = True
    rounds: int = 0
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class Lineage:
    ancestors: list[Node]  # the parent first, then its parent…
    descendants: list[Node]
    versions: list[Node]  # every visible version of the same instrument


def lineage(workspace: Workspace, entry: Entry) -> Lineage:
    rows = list(visible_versions(workspace))
    rounds = _round_counts()
    by_parent: ByParent = defaultdict(list)
    for row in rows:
        by_parent[(row.parent_id, row.parent_version)].append(row)
    known = {(row.instrument_id, row.version): row for row in rows}
    return Lineage(
        ancestors=_ancestors(entry, known, rounds),
        descendants=_children((entry.id, entry.version), by_parent, rounds, depth=0),
        versions=_versions(entry.id, rows, rounds),
    )


def _round_counts() -> Counts:
    counted = Round.objects.values("instrument_id", "instrument_version").annotate(n=Count("id"))
    return {(r["instrument_id"], r["instrument_version"]): r["n"] for r in counted}


def _ancestors(
    entry: Entry,
    known: Known,
    rounds: Counts,
) -> list[Node]:
    found: list[Node] = []
    parent = entry.instrument.parent
    key = (parent.id, parent.version) if parent else None
    while key is not None and len(found) < 50:
        row = known.get(key)
        builtin = find_builtin(key[0])
        visible = row is not None or (builtin is not None and builtin.version == key[1])
        found.append(Node(key[0], key[1], visible, rounds.get(key, 0)))
        key = (row.parent_id, row.parent_version) if row is not None and row.parent_id else None
    return found


def _children(
    key: Ref,
    by_parent: ByParent,
    rounds: Counts,
    depth: int,
) -> list[Node]:
    if depth > 20:
        return []
    rows = sorted(by_parent.get(key, []), key=lambda r: (r.instrument_id, version_key(r.version)))
    return [
        Node(
            r.instrument_id,
            r.version,
            rounds=rounds.get((r.instrument_id, r.version), 0),
            children=_children((r.instrument_id, r.version), by_parent, rounds, depth + 1),
        )
        for r in rows
    ]


def _versions(instrument_id: str, rows: list[InstrumentVersion], rounds: Counts) -> list[Node]:
    numbers = [r.version for r in rows if r.instrument_id == instrument_id]
    builtin = find_builtin(instrument_id)
    if builtin is not None:
        numbers.append(builtin.version)
    ordered = sorted(set(numbers), key=version_key)
    return [Node(instrument_id, n, rounds=rounds.get((instrument_id, n), 0)) for n in ordered]


@dataclass(frozen=True)
class Plan:
    """What publishing a draft would do: compared with what, and the lowest number allowed."""

    previous: Entry | None
    diff: InstrumentDiff
    bump: Bump | None
    minimum: str
    unchanged: bool  # nothing changed since the last version of this same instrument


def publish_plan(workspace: Workspace, draft: InstrumentDraft) -> Plan:
    """The previous version of the same instrument, else the parent, and the change since."""
    instrument = draft_instrument(draft)
    previous = find_entry(workspace, draft.instrument_id)
    same = previous is not None
    if previous is None and draft.parent_id:
        previous = find_entry(workspace, draft.parent_id, draft.parent_version)
    if previous is None:
        return Plan(None, InstrumentDiff(), None, "1.0.0", False)
    diff = diff_instruments(previous.instrument, instrument)
    bump = suggest_bump(diff)
    minimum = bump_version(previous.version, bump or "patch")
    return Plan(previous, diff, bump, minimum, same and bump is None)
