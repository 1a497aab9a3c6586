"""A round's stored scores, read as the arrays the core analysis takes.

Each response keeps its numbers packed in two binary rows (mognad.core.analysis.matrix),
so reading a round is a few queries and one NumPy buffer per group, with no JSON decoded
per response. Rows stored without them (by code that predates them) are packed from
their JSON on the way, which is correct but slower.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from django.db import connection

from mognad.core.analysis import (
    Layout,
    ScoreMatrix,
    from_packed,
    pack_items,
    pack_pairs,
    pack_scores,
)
from mognad.core.model import Instrument
from mognad.web.apps.rounds.instrument import instrument_layout, round_layout
from mognad.web.apps.rounds.models import Response, Round

CHUNK = 50_000


def packed_fields(
    round_: Round, scores: Mapping[str, Any], answers: Mapping[str, Any]
) -> dict[str, bytes]:
    """The packed rows of a response, as keyword arguments of `Response`."""
    return _packed(round_layout(round_), scores, answers)


def packed_for(
    instrument: Instrument, scores: Mapping[str, Any], answers: Mapping[str, Any]
) -> dict[str, bytes]:
    """The same for a response of `instrument`, when the instrument is at hand."""
    return _packed(instrument_layout(instrument), scores, answers)


def _packed(
    layout: Layout, scores: Mapping[str, Any], answers: Mapping[str, Any]
) -> dict[str, bytes]:
    item_row = pack_items(layout, scores, answers)
    return {
        "score_row": pack_scores(layout, scores),
        "item_row": item_row,
        "pair_row": pack_pairs(layout, item_row),
    }


def load_scores(
    round_: Round, items: bool = False, groups: Sequence[tuple[int, str]] | None = None
) -> ScoreMatrix:
    """Every submitted response of the round; with `items`, their item scores too.

    `groups` (id and key of each of the round's groups, in order) saves a query when the
    caller has them already.
    """
    layout = round_layout(round_)
    if groups is None:
        groups = list(round_.groups.values_list("id", "key"))
    index = {pk: i for i, (pk, _) in enumerate(groups)}
    parts = [
        _part(layout, round_.pk, group_id, n, rows, item_rows, items)
        for group_id, n, rows, item_rows in _joined_rows(round_, items)
    ]
    codes = [np.full(n, index[group_id], dtype=np.int64) for group_id, n, _, _ in parts]
    return from_packed(
        layout,
        [key for _, key in groups],
        np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64),
        b"".join(rows for _, _, rows, _ in parts),
        b"".join(item_rows or b"" for _, _, _, item_rows in parts) if items else None,
    )


Part = tuple[int, int, bytes, bytes | None]  # group id, responses, score rows, item rows


def _joined_rows(round_: Round, items: bool) -> list[Part]:
    """Per group: its number of responses and their packed rows, joined by the database.

    Joining in SQL turns a round into one row per group, so no Python object is made per
    response; the index on (round, group, score_row) lets it skip the JSON columns.
    """
    join = (
        "string_agg({}, ''::bytea)"
        if connection.vendor == "postgresql"
        else ("CAST(group_concat({}, '') AS BLOB)")
    )
    columns = [join.format("score_row")] + ([join.format("item_row")] if items else [])
    table = Response._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT group_id, COUNT(*), {', '.join(columns)} FROM {table} "
            "WHERE round_id = %s GROUP BY group_id",
            [round_.pk],
        )
        return [
            (group_id, n, bytes(rows or b""), bytes(extra[0] or b"") if items else None)
            for group_id, n, rows, *extra in cursor.fetchall()
        ]


def _part(
    layout: Layout,
    round_id: int,
    group_id: int,
    n: int,
    rows: bytes,
    item_rows: bytes | None,
    items: bool,
) -> Part:
    """The group's part as read, or packed from JSON when a row was stored without."""
    complete = len(rows) == n * layout.score_size and (
        item_rows is None or len(item_rows) == n * layout.item_size
    )
    return (
        (group_id, n, rows, item_rows) if complete else _repacked(layout, round_id, group_id, items)
    )


def _repacked(layout: Layout, round_id: int, group_id: int, items: bool) -> Part:
    """A group's rows packed from their JSON, for rows stored without packed rows."""
    # The round too, for its index: the group has none of its own.
    rows = Response.objects.filter(round_id=round_id, group_id=group_id).values_list(
        "scores", "answers"
    )
    scores, item_rows = [], []
    for stored, answers in rows.iterator(chunk_size=CHUNK):
        scores.append(pack_scores(layout, stored))
        if items:
            item_rows.append(pack_items(layout, stored, answers))
    return group_id, len(scores), b"".join(scores), b"".join(item_rows) if items else None
