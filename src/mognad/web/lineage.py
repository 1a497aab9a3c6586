"""Instrument lineage: which instruments are versions or forks of one another.

The benchmark pools rounds by lineage, and a workspace's series of rounds follows it too
(a fork's first round continues its parent's series), both through `lineage_root` alone,
so that whatever learns about more instruments extends this one function and every pool
and series follows.
"""

from __future__ import annotations

from django.db.models import QuerySet

from mognad.core.model import Instrument
from mognad.instruments import find_builtin
from mognad.web.apps.library.catalog import newest_stored
from mognad.web.apps.rounds.models import Round


def known_instrument(instrument_id: str) -> Instrument | None:
    """An instrument this installation knows by id: a built-in, else its newest stored version.

    Stored ones count whoever may see them: a lineage is a fact about the instruments,
    and the pools that follow it are gated on their own.
    """
    return find_builtin(instrument_id) or newest_stored(instrument_id)


def lineage_root(instrument_id: str) -> str:
    """The id of the first ancestor of `instrument_id`, following `parent` while it is known.

    An instrument with no parent, or whose parent is unknown here, is its own root; a
    cycle (which the library should never let in) stops at the first id met again.
    """
    seen = {instrument_id}
    current = instrument_id
    while (found := known_instrument(current)) is not None and found.parent is not None:
        if found.parent.id in seen:
            break
        current = found.parent.id
        seen.add(current)
    return current


def series_rounds(workspace_id: int, instrument_id: str) -> QuerySet[Round]:
    """The workspace's rounds of every instrument of `instrument_id`'s lineage, T0 first.

    A workspace that forks a questionnaire and runs the fork goes on measuring the same
    thing in its own words: its results are compared with the parent's rounds on the
    dimensions they share, so the fork's rounds continue the parent's series.
    """
    root = lineage_root(instrument_id)
    used = (
        Round.objects.filter(workspace_id=workspace_id)
        .order_by()
        .values_list("instrument_id", flat=True)
        .distinct()
    )
    ids = {found for found in used if lineage_root(found) == root} | {instrument_id}
    return Round.objects.filter(workspace_id=workspace_id, instrument_id__in=ids).order_by(
        "series_index", "pk"
    )
