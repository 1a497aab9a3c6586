"""A round's stored scores, read as the arrays the core analysis takes.

Each response keeps its numbers packed in two binary rows (mognad.core.analysis.matrix),
so reading a round is a few queries and one NumPy buffer per group, with no JSON decoded
per response. Rows stored without them (by code that predates them) are packed from
their JSON on the way, which is correct but slower.
"""

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection

from mognad.core.analysis import (
    Layout,
    ScoreMatrix,
    from_packed,
    layout_of,
    pack_items,
    pack_scores,
)
from mognad.core.io import parse_instrument
from mognad.core.model import Instrument
from mognad.web.apps.rounds.models import Response, Round

CHUNK = 50_000


def round_layout(round_: Round) -> Layout:
    return _layout(round_.instrument_yaml)


@lru_cache(maxsize=64)
def _layout(text: str) -> Layout:
    return layout_of(parse_instrument(text, source="round"))


def packed_fields(
    round_: Round, scores: Mapping[str, Any], answers: Mapping[str, Any]
) -> dict[str, bytes]:
    """The packed rows of a response, as keyword arguments of `Response`."""
    layout = round_layout(round_)
    return {
        "score_row": pack_scores(layout, scores),
        "item_row": pack_items(layout, scores, answers),
    }


def packed_for(
    instrument: Instrument, scores: Mapping[str, Any], answers: Mapping[str, Any]
) -> dict[str, bytes]:
    """The same for a response of `instrument`, when the instrument is at hand."""
    layout = layout_of(instrument)
    return {
        "score_row": pack_scores(layout, scores),
        "item_row": pack_items(layout, scores, answers),
    }


def load_scores(round_: Round, items: bool = False) -> ScoreMatrix:
    """Every submitted response of the round; with `items`, their item scores too.

    One query, read in chunks so that no more than a chunk of rows is ever held as
    Python objects.
    """
    layout = round_layout(round_)
    groups = list(round_.groups.values_list("id", "key"))
    index = {pk: i for i, (pk, _) in enumerate(groups)}
    keys = [key for _, key in groups]
    packed = _read_packed(round_, layout, index, items)
    if packed is None:
        packed = _repacked(round_, layout, index, items)
    codes, scores, item_rows = packed
    return from_packed(layout, keys, codes, scores, item_rows)


Packed = tuple[npt.NDArray[np.int64], bytes, bytes | None]


def _read_packed(
    round_: Round, layout: Layout, index: dict[int, int], items: bool
) -> Packed | None:
    """The round's packed rows, or None when some response was stored without them."""
    table = Response._meta.db_table
    columns = "group_id, score_row, item_row" if items else "group_id, score_row"
    codes, scores, item_rows = [], [], []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE round_id = %s", [round_.pk])
        while rows := cursor.fetchmany(CHUNK):
            group_ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            codes.append(_codes(group_ids, index))
            scores.append(b"".join(row[1] for row in rows))
            if len(scores[-1]) != len(rows) * layout.score_size:
                return None
            if items:
                item_rows.append(b"".join(row[2] for row in rows))
                if len(item_rows[-1]) != len(rows) * layout.item_size:
                    return None
    return (
        np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64),
        b"".join(scores),
        b"".join(item_rows) if items else None,
    )


def _codes(group_ids: npt.NDArray[np.int64], index: dict[int, int]) -> npt.NDArray[np.int64]:
    """Group ids as indices into the round's groups, with one lookup per distinct id."""
    distinct, inverse = np.unique(group_ids, return_inverse=True)
    return np.array([index[int(pk)] for pk in distinct], dtype=np.int64)[inverse]


def _repacked(round_: Round, layout: Layout, index: dict[int, int], items: bool) -> Packed:
    """The round's rows packed from their JSON, for rows stored without packed rows."""
    rows = Response.objects.filter(round=round_).values_list("group_id", "scores", "answers")
    codes, scores, item_rows = [], [], []
    for group_id, stored, answers in rows.iterator(chunk_size=CHUNK):
        codes.append(index[group_id])
        scores.append(pack_scores(layout, stored))
        if items:
            item_rows.append(pack_items(layout, stored, answers))
    return np.array(codes, dtype=np.int64), b"".join(scores), b"".join(item_rows) if items else None
