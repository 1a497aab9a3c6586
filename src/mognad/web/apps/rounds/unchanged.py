"""Whether nothing was written to the database since a round's summary was last checked.

Checking a round's summary against its rows costs a query over all of its rows (tens of
milliseconds at a million). SQLite can say for free that nothing changed at all:
`PRAGMA data_version` changes when another connection commits, and the connection's
`total_changes` counts every row this connection inserted, updated or deleted. When both
are as they were right after a check, with the same connection, no row of any round can
differ, so the stored summary is still current and the check can be skipped.

Only outside a transaction (where every statement is committed at once, so a count never
covers a write that is later rolled back), and only on SQLite with a database file;
elsewhere every reading is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

KEPT = 1000  # rounds remembered per process at most


@dataclass(frozen=True)
class Witness:
    # The DB-API connection itself, which must be the very same (kept, so that its id is
    # not another's: a new connection starts its counts afresh).
    raw: Any
    version: int
    changes: int


_checked: dict[int, Witness] = {}


def can_tell() -> bool:
    """SQLite on a file, outside a transaction: connections sharing an in-memory database's
    cache (the test server's) do not see each other's commits in the data version."""
    return (
        connection.vendor == "sqlite"
        and not connection.in_atomic_block
        and not connection.is_in_memory_db()  # type: ignore[attr-defined]
    )


def witness() -> Witness | None:
    """The state of the database as this connection sees it; None where it cannot tell."""
    if not can_tell():
        return None
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        version = int(cursor.fetchone()[0])
    return Witness(raw, version, _changes(raw))


def unchanged(round_id: int, now: Witness | None) -> bool:
    """Whether the database is as it was (`now`, a fresh witness) when the round's summary
    was last found current."""
    before = _checked.get(round_id)
    return (
        before is not None
        and now is not None
        and before.raw is now.raw
        and (before.version, before.changes) == (now.version, now.changes)
    )


def remember(round_id: int, before: Witness | None) -> None:
    """The round's summary is current: taken with the data version seen `before` reading
    (a commit by another connection since makes it differ) and this connection's changes
    now (its own writes so far, the summary's included)."""
    if before is None or connection.in_atomic_block:
        return
    raw = connection.connection
    if raw is None or before.raw is not raw:
        return
    if len(_checked) >= KEPT:
        _checked.clear()
    _checked[round_id] = Witness(before.raw, before.version, _changes(raw))


def _changes(raw: Any) -> int:
    return int(raw.total_changes)


def forget() -> None:
    _checked.clear()
