"""Instrument lineage: which instruments are versions or forks of one another.

The benchmark pools rounds by lineage, through `lineage_root` alone, so that whatever
learns about more instruments (instruments stored in the database, say) extends this
one function and every pool follows.
"""

from __future__ import annotations

from mognad.core.model import Instrument
from mognad.instruments import find_builtin
from mognad.web.apps.library.catalog import newest_stored


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
