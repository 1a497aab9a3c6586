"""A round's stored summary (mognad.core.analysis.summary), brought up to date when read.

Each response falls into one of BUCKETS random parts of its round and carries a random
token (Response.bucket, Response.token). The summary keeps, per part, the sums the
results need and the count and token sum of the rows they came from. Reading it costs
the stored summary and one query over a narrow index (count and token sum per part);
only the parts where these differ from the stored ones are read again and summed
afresh, so a response that arrives, or one that goes, costs a sixty-fourth of the round,
and the same rows give the same figures however often the summary was updated. A part
and a token say nothing about when a response came: ids and order stay random
(Response's docstring).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import IntegrityError, connection, transaction

from mognad.core.analysis import Layout, from_packed, pack_items, pack_pairs, pack_scores
from mognad.core.analysis.summary import (
    Summary,
    from_arrays,
    split,
    summarise,
    to_arrays,
    total,
)
from mognad.core.model import Instrument
from mognad.web.apps.rounds import unchanged
from mognad.web.apps.rounds.instrument import round_instrument, round_layout
from mognad.web.apps.rounds.models import BUCKETS, Response, Round, RoundSummary

VERSION = 2  # of the stored arrays; another version is recomputed
Marks = npt.NDArray[np.int64]  # (BUCKETS, 2): count and token sum of each part
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Current:
    """A round's summary as of this reading, and what it was read from."""

    keys: tuple[str, ...]  # the round's group keys, in order
    summary: Summary  # of all its responses
    marks: Marks
    sizes: Ints  # (BUCKETS, groups): responses per part and group
    reread: tuple[int, ...]  # the parts read again this time


def round_summary(round_: Round, groups: Sequence[tuple[int, str]] | None = None) -> Current:
    """The summary of every response of the round, stored parts reused where unchanged.

    `groups` (id and key of each of the round's groups, in order) saves a query.
    """
    if groups is None:
        groups = list(round_.groups.values_list("id", "key"))
    keys = tuple(key for _, key in groups)
    index = {pk: i for i, (pk, _) in enumerate(groups)}
    before = unchanged.witness()
    skip = unchanged.unchanged(round_.pk, before)
    found = _stored(round_, keys)
    if not isinstance(found, tuple):  # nothing to reuse: every part is read, unchecked
        current = _updated(round_, keys, index, _no_marks(), [], list(range(BUCKETS)), found)
    else:
        marks, parts = found
        changed = [] if skip else _changed(marks, _marks(round_))
        current = _updated(round_, keys, index, marks, parts, changed, True)
    unchanged.remember(round_.pk, before)
    return current


def _updated(
    round_: Round,
    keys: tuple[str, ...],
    index: dict[int, int],
    marks: Marks,
    parts: list[Summary],
    changed: list[int],
    exists: bool | None,
) -> Current:
    """The summary with the parts `changed` read afresh, stored when any were."""
    fresh = _read(round_, keys, index, changed) if changed else {}
    parts = [fresh[b][1] if b in fresh else parts[b] for b in range(BUCKETS)]
    marks = marks.copy()
    for b, (read, _) in fresh.items():
        marks[b] = read
    if changed:
        _store(round_, keys, marks, parts, exists=exists is not False)
    sizes = np.stack([part.sizes for part in parts])
    return Current(keys, total(parts), marks, sizes, tuple(changed))


def _changed(old: Marks, new: Marks) -> list[int]:
    return [int(b) for b in np.flatnonzero((old != new).any(axis=1))]


def _no_marks() -> Marks:
    return np.zeros((BUCKETS, 2), dtype=np.int64)


def _marks(round_: Round) -> Marks:
    """Count and token sum per part, from the narrow index alone."""
    marks = _no_marks()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT bucket, COUNT(*), SUM(token) FROM {_table()} "
            "WHERE round_id = %s GROUP BY bucket",
            [round_.pk],
        )
        for bucket, n, tokens in cursor.fetchall():
            marks[bucket] = (n, int(tokens))
    return marks


def _table() -> str:
    return connection.ops.quote_name(Response._meta.db_table)


# --- reading parts afresh -----------------------------------------------------------

Block = tuple[int, int, int, bytes, bytes]  # group index, count, token sum, score, pair rows


def _read(
    round_: Round, keys: tuple[str, ...], index: dict[int, int], buckets: list[int]
) -> dict[int, tuple[Marks, Summary]]:
    """The marks and summary of each part of `buckets`, read from the packed rows.

    The parts are summed in one pass, each (part, group) as a group of its own, so the
    cost is that of the rows read, not of the number of parts.
    """
    layout = round_layout(round_)
    slot = {b: i for i, b in enumerate(buckets)}
    blocks: list[Block] = []
    marks = np.zeros((len(buckets), 2), dtype=np.int64)
    for bucket, group_id, n, tokens, scores, pairs in _joined(round_, layout, buckets):
        block = _complete(layout, round_, bucket, group_id, n, scores, pairs)
        blocks.append((slot[bucket] * len(keys) + index[group_id], n, int(tokens), *block))
        marks[slot[bucket]] += (n, int(tokens))
    both = _summary(round_instrument(round_), layout, len(buckets) * len(keys), blocks)
    parts = split(both, len(buckets))
    return {b: (marks[i], parts[i]) for i, b in enumerate(buckets)}


def _joined(round_: Round, layout: Layout, buckets: list[int]) -> list[Any]:
    """Per part and group: count, token sum and the packed rows, joined by the database.

    Joining in SQL turns a part into one row per group, so no Python object is made per
    response; the index on (round, bucket, group, token, score_row, pair_row) lets it skip
    the JSON columns.
    """
    # The rows of a part in one order however the database scans them, or the sums of
    # floats would differ in their last bits between readings: SQLite reads them in the
    # index's order (round, bucket, group, token); PostgreSQL may scan the table instead,
    # so its aggregates are told the order, with the key after the token for ties, the
    # same for both aggregates so that each row's scores and pairs stay side by side.
    join = (
        "string_agg({}, ''::bytea ORDER BY token, client_id)"
        if connection.vendor == "postgresql"
        else "CAST(group_concat({}, '') AS BLOB)"
    )
    pairs = join.format("pair_row") if layout.pairs else "NULL"
    where, params = "round_id = %s", [round_.pk]
    if len(buckets) < BUCKETS:
        where += f" AND bucket IN ({', '.join(['%s'] * len(buckets))})"
        params += buckets
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT bucket, group_id, COUNT(*), SUM(token), {join.format('score_row')}, "
            f"{pairs} FROM {_table()} WHERE {where} GROUP BY bucket, group_id",
            params,
        )
        rows: list[Any] = cursor.fetchall()
        return rows


def _complete(
    layout: Layout, round_: Round, bucket: int, group_id: int, n: int, scores: bytes, pairs: bytes
) -> tuple[bytes, bytes]:
    """The block's packed rows as read, or packed from JSON when a row was stored without."""
    scores, pairs = bytes(scores or b""), bytes(pairs or b"")
    if len(scores) == n * layout.score_size and len(pairs) == n * layout.pair_size:
        return scores, pairs
    rows = Response.objects.filter(round=round_, group_id=group_id, bucket=bucket)
    packed = [
        (pack_scores(layout, stored), pack_pairs(layout, pack_items(layout, stored, answers)))
        for stored, answers in rows.values_list("scores", "answers").iterator(chunk_size=5000)
    ]
    return b"".join(s for s, _ in packed), b"".join(p for _, p in packed)


def _summary(instrument: Instrument, layout: Layout, groups: int, blocks: list[Block]) -> Summary:
    """The summary of the blocks' rows in one matrix, block after block, each a group."""
    blocks = sorted(blocks)
    codes = [np.full(n, code, dtype=np.int64) for code, n, _, _, _ in blocks]
    matrix = from_packed(
        layout,
        [str(code) for code in range(groups)],
        np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64),
        b"".join(scores for *_, scores, _ in blocks),
    )
    pairs = np.frombuffer(b"".join(p for *_, p in blocks), dtype="<f4")
    values = pairs.reshape(len(matrix), 2 * len(layout.pairs)).astype(np.float64)
    return summarise(instrument, matrix, values)


# --- the stored summary -------------------------------------------------------------


def _shape(keys: tuple[str, ...]) -> dict[str, object]:
    return {"version": VERSION, "buckets": BUCKETS, "groups": list(keys)}


def _stored(round_: Round, keys: tuple[str, ...]) -> tuple[Marks, list[Summary]] | bool | None:
    """The stored marks and parts; False when there are none, None when those stored were
    made otherwise (for other groups, or another version)."""
    found = RoundSummary.objects.filter(round=round_).values_list("shape", "data").first()
    if found is None:
        return False
    if found[0] != _shape(keys):
        return None
    with np.load(io.BytesIO(bytes(found[1])), allow_pickle=False) as arrays:
        loaded = {name: arrays[name] for name in arrays.files}
    marks = loaded.pop("marks")
    return marks, from_arrays(loaded)


def _store(
    round_: Round, keys: tuple[str, ...], marks: Marks, parts: list[Summary], exists: bool
) -> None:
    buffer = io.BytesIO()
    arrays: dict[str, Any] = {"marks": marks, **to_arrays(parts)}
    np.savez(buffer, **arrays)
    values = {"shape": _shape(keys), "data": buffer.getvalue()}
    if exists and RoundSummary.objects.filter(round=round_).update(**values):
        return
    try:
        with transaction.atomic():
            RoundSummary.objects.create(round=round_, **values)
    except IntegrityError:  # another request stored one first
        RoundSummary.objects.filter(round=round_).update(**values)
