"""Stored scores packed into fixed binary rows read back as the numbers they were."""

import math
import random
from dataclasses import asdict
from typing import Any

import numpy as np
import pytest

from mognad.core.analysis import from_packed, layout_of, matrix_of, pack_items, pack_scores
from mognad.core.analysis.matrix import IMPORTANCE
from mognad.core.model import Instrument, PairItem
from mognad.core.reference import score_response
from mognad.instruments import builtin_instruments, find_builtin


def _builtin(key: str) -> Instrument:
    instrument = find_builtin(key)
    assert instrument is not None
    return instrument


def _answers(instrument: Instrument, rng: random.Random) -> dict[str, Any]:
    """Random answers to most scale and pair items; choices take a random option."""
    answers: dict[str, Any] = {}
    for _, item in instrument.walk_items():
        if rng.random() < 0.2:
            continue
        if item.type in ("scale", "pair"):
            scale = instrument.resolve_scale(item)
            value = rng.randint(scale.min, scale.max)
            answers[item.key] = (
                value
                if item.type == "scale"
                else {"importance": rng.randint(scale.min, scale.max), "performance": value}
            )
        elif item.type == "choice":
            answers[item.key] = rng.choice(instrument.resolve_options(item)).key
    return answers


def _same(stored: float | None, packed: float) -> bool:
    return math.isnan(packed) if stored is None else packed == pytest.approx(stored, abs=1e-4)


@pytest.mark.parametrize("key", ["people-first", "platform-ecosystem"])
def test_packed_rows_read_back_as_the_stored_scores(key):
    """Every overall, dimension, item score and phase comes back; missing ones as NaN / -1."""
    instrument = _builtin(key)
    rng = random.Random(3)
    answers = [_answers(instrument, rng) for _ in range(30)]
    scores = [asdict(score_response(instrument, a)) for a in answers]
    matrix = matrix_of(instrument, scores, ["a", "b"] * 15, answers=answers)
    layout = matrix.layout
    for row, stored in enumerate(scores):
        assert _same(stored["overall"], matrix.values[row, 0])
        for d in layout.dimensions:
            assert _same(stored["dimensions"][d], matrix.column(d)[row])
            phase = stored["dimension_phases"][d]
            code = matrix.phases[row, 1 + layout.dimensions.index(d)]
            assert code == (layout.categories.index(phase) if phase else -1)
        for item, value in stored["items"].items():
            assert _same(value, matrix.item(item)[row])
    assert matrix.sizes() == {"a": 15, "b": 15}


def test_a_pairs_importance_is_placed_on_its_scale_from_0_to_100():
    """Importance 1 and 5 on a 1-5 scale read 0 and 100; an unanswered one is NaN."""
    instrument = _builtin("people-first")
    layout = layout_of(instrument)
    pair = next(item for _, item in instrument.walk_items() if isinstance(item, PairItem))
    scale = instrument.resolve_scale(pair)
    rows = [
        {pair.key: {"importance": scale.min, "performance": scale.max}},
        {pair.key: {"importance": scale.max}},
        {},
    ]
    packed = b"".join(pack_items(layout, {}, answers) for answers in rows)
    matrix = from_packed(
        layout, ["g"], np.zeros(3, dtype=np.int64), pack_scores(layout, {}) * 3, packed
    )
    importance = matrix.item(pair.key + IMPORTANCE)
    assert importance[:2].tolist() == [0.0, 100.0]
    assert math.isnan(importance[2])


def test_scores_that_are_not_numbers_count_as_missing():
    """An empty document (or a stray string or bool) packs as missing, never as zero."""
    instrument = _builtin("people-first")
    layout = layout_of(instrument)
    odd = {"overall": "high", "dimensions": {layout.dimensions[0]: True}}
    matrix = from_packed(
        layout,
        ["g"],
        np.zeros(2, dtype=np.int64),
        pack_scores(layout, {}) + pack_scores(layout, odd),
    )
    assert np.isnan(matrix.values).all()
    assert (matrix.phases == -1).all()


def test_it_rejects_rows_that_do_not_match_their_groups():
    """A buffer for two responses with three group indices is an error, not a guess."""
    layout = layout_of(_builtin("people-first"))
    with pytest.raises(ValueError, match="2 score rows but 3 groups"):
        from_packed(layout, ["g"], np.zeros(3, dtype=np.int64), pack_scores(layout, {}) * 2)


def test_items_are_only_there_when_loaded():
    """A matrix read without items says so instead of answering with nothing."""
    instrument = _builtin("people-first")
    matrix = matrix_of(instrument, [{}], ["g"])
    with pytest.raises(ValueError, match="without its items"):
        matrix.item(matrix.layout.items[0])


def test_a_groups_rows_keep_the_round_keys():
    """of_group keeps every group key, so sizes still list the empty groups."""
    instrument = _builtin("people-first")
    matrix = matrix_of(instrument, [{}, {}, {}], ["b", "a", "b"], ["a", "b", "c"])
    assert matrix.of_group("b").sizes() == {"a": 0, "b": 2, "c": 0}


@pytest.mark.parametrize("instrument", builtin_instruments(), ids=lambda i: i.id)
def test_a_score_row_packed_by_struct_is_the_row_numpy_reads(instrument):
    """Submissions pack with `struct`, the results read with NumPy: the same bytes."""
    layout = layout_of(instrument)
    width = len(layout.dimensions) + 1
    rng = random.Random(width)
    values = [rng.uniform(-1e6, 1e6) for _ in range(width)]
    values[rng.randrange(width)] = math.nan
    codes = [rng.randrange(-1, 30) for _ in range(width)]
    packed = layout.score_struct.pack(*values, *codes)
    assert layout.score_struct.size == layout.score_size
    record = np.frombuffer(packed, dtype=layout.score_dtype)[0]
    assert record["values"].tolist() == pytest.approx(values, nan_ok=True)
    assert record["phases"].tolist() == codes
    numpy_row = np.array([(values, codes)], dtype=layout.score_dtype).tobytes()
    assert numpy_row == packed
