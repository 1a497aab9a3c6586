"""What the results sections read besides a round's own scores, each in a fixed number of queries.

Answers are read field by field in the database (JSON key extraction), never decoded
whole in Python: a section needs a few fields of each response, not its document.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.fields.json import KT

from mognad.core.analysis import Analysis
from mognad.core.analysis.benchmark import PoolRound, pool_round
from mognad.core.analysis.progress import RoundResult, round_result
from mognad.core.model import Instrument
from mognad.web.apps.results.views import round_analysis
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import BUCKETS, Response, Round
from mognad.web.lineage import lineage_root, series_rounds


def series(round_: Round, analysis: Analysis) -> list[tuple[RoundResult, Instrument]]:
    """The rounds of `round_`'s series up to it (same workspace and lineage), oldest first,
    each with its own instrument."""
    earlier = series_rounds(round_.workspace_id, round_.instrument_id).filter(
        series_index__lt=round_.series_index
    )
    found = [(r, round_instrument(r), round_analysis(r)[0]) for r in [*earlier]]
    found.append((round_, round_instrument(round_), analysis))
    return [(round_result(r.label, inst, result), inst) for r, inst, result in found]


def group_keys(round_: Round) -> dict[int, str]:
    return dict(round_.groups.values_list("id", "key"))


def text_answers(round_: Round, key: str, buckets: int = BUCKETS) -> list[tuple[str, str]]:
    """(group key, text) of every non-empty answer to the free-text item `key`, of the
    responses in the round's first `buckets` random parts (all of them by default)."""
    key_of = group_keys(round_)
    found_in = Response.objects.filter(round=round_)
    if buckets < BUCKETS:
        found_in = found_in.filter(bucket__lt=buckets)
    rows = (
        found_in.annotate(text=KT(f"answers__{key}"))
        .exclude(text__isnull=True)
        .values_list("group_id", "text")
    )
    # Empty texts are left out here: on SQLite a JSON key compared with "" is malformed SQL.
    found = rows.iterator(chunk_size=5000)
    return [(key_of[group_id], text) for group_id, text in found if isinstance(text, str) and text]


def _kth_response(k: int) -> QuerySet[Response, Any]:
    """The k-th response of the outer round, if it has k: a round is in the pool with at
    least k respondents, found without counting all of them (a pool round may hold a
    million)."""
    return Response.objects.filter(round_id=OuterRef("pk")).order_by().values("pk")[k - 1 : k]


def benchmark_pool(round_: Round) -> list[PoolRound]:
    """Rounds of the same lineage from other opted-in workspaces, oldest first."""
    roots: dict[str, str] = {}

    def root_of(instrument_id: str) -> str:  # a library query for each stored instrument
        if instrument_id not in roots:
            roots[instrument_id] = lineage_root(instrument_id)
        return roots[instrument_id]

    root = root_of(round_.instrument_id)
    candidates = (
        Round.objects.filter(workspace__benchmark_opt_in=True)
        .exclude(workspace_id=round_.workspace_id)
        .filter(Exists(_kth_response(round_.k)))
        .order_by("opens_on", "created_on", "pk")
        .values_list("pk", "instrument_id")
    )
    # Each peer round is read from its stored summary (rounds.summary), checked against its
    # rows, so a peer's figures cost a query over a narrow index, not its rows; its YAML
    # is not read (the parsed instrument is found by its digest).
    peers = Round.objects.defer("instrument_yaml").in_bulk(
        [pk for pk, instrument_id in candidates if root_of(instrument_id) == root]
    )
    return [
        pool_round(str(peer.workspace_id), round_instrument(peer), round_analysis(peer)[0])
        for pk, _ in candidates
        if (peer := peers.get(pk)) is not None
    ]
