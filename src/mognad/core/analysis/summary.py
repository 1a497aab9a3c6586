"""A round's responses reduced to the sums its results need, in parts that add up.

Every section of a round's results needs of its responses only, per group: how many
answered, and per measure the count, sum and sum of squares of the scores, the people
per band and per phase category; and per pair item the people who answered both parts
with the sums of both. These add up over any split of the rows, so a round can be kept
as a few parts of its rows, each summarised on its own, and a part recomputed when its
rows change while the others are kept (the web layer stores them; docs/analysis.md
"Stored summaries"). The parts are added in a fixed order, so the same rows always give
the same figures however the summary was brought up to date.

Nothing here is shown: the figures come out of `analyse_summary` and `say_do_sums`,
through the anonymity gate like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from mognad.core.analysis.aggregate import Analysis, Stats, analyse_stats, group_stats
from mognad.core.analysis.ipa import PairSums, pair_sums
from mognad.core.analysis.matrix import ScoreMatrix
from mognad.core.model import Instrument

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Array = npt.NDArray[np.generic]


@dataclass(frozen=True)
class Summary:
    """The sums of some responses of a round, per group of the round (axis 0)."""

    sizes: Ints  # responses per group
    stats: Stats
    pairs: PairSums  # per pair item of `pair_items(instrument)`, in that order


def summarise(instrument: Instrument, matrix: ScoreMatrix, pairs: Floats | None = None) -> Summary:
    """The summary of the rows of `matrix`.

    `pairs` holds each row's pair row (matrix.py): every pair's performance, then every
    pair's importance. Without it, the pairs are read from the matrix's items, which must
    then be loaded when the instrument has pairs.
    """
    n = len(matrix.keys)
    sizes = np.bincount(matrix.groups, minlength=n).astype(np.int64)
    values = pair_values(matrix) if pairs is None else pairs
    half = len(matrix.layout.pairs)
    sums = pair_sums(matrix.groups, values[:, half:], values[:, :half], n)
    return Summary(sizes, group_stats(instrument, matrix), sums)


def pair_values(matrix: ScoreMatrix) -> Floats:
    """The pair rows of a matrix loaded with its items."""
    if not matrix.layout.pairs:
        return np.zeros((len(matrix), 0))
    if matrix.items is None:
        raise ValueError("this matrix was loaded without its items")
    return matrix.items[:, matrix.layout.pair_columns]


def total(parts: Sequence[Summary]) -> Summary:
    """The summary of all the parts' rows together (there must be at least one part)."""
    return from_arrays({name: array.sum(axis=0) for name, array in to_arrays(parts).items()})[0]


def split(summary: Summary, parts: int) -> list[Summary]:
    """A summary whose groups are `parts` runs of the round's groups, as one per run."""
    arrays = to_arrays([summary])
    return from_arrays(
        {
            name: array[0].reshape(parts, array.shape[1] // parts, *array.shape[2:])
            for name, array in arrays.items()
        }
    )


def analyse_summary(
    instrument: Instrument, keys: Sequence[str], summary: Summary, k: int
) -> Analysis:
    """The gated analysis of a summary whose groups are `keys`, at threshold k."""
    sizes = dict(zip(keys, summary.sizes.tolist(), strict=True))
    return analyse_stats(instrument, sizes, summary.stats, k)


# --- as plain arrays, to store --------------------------------------------------------

_STATS = tuple(f.name for f in fields(Stats))
_PAIRS = tuple(f.name for f in fields(PairSums))


def to_arrays(parts: Sequence[Summary]) -> dict[str, Array]:
    """The parts' sums stacked, the part first on every array: what a store keeps."""
    arrays: dict[str, Array] = {"sizes": np.stack([p.sizes for p in parts])}
    arrays |= {name: np.stack([getattr(p.stats, name) for p in parts]) for name in _STATS}
    arrays |= {f"pair_{name}": np.stack([getattr(p.pairs, name) for p in parts]) for name in _PAIRS}
    return arrays


def from_arrays(arrays: Mapping[str, Array]) -> list[Summary]:
    """The parts of `to_arrays` back; a single part when the arrays lack the part axis."""
    sizes = arrays["sizes"]
    if sizes.ndim == 1:
        arrays = {name: array[np.newaxis] for name, array in arrays.items()}
    return [
        Summary(
            arrays["sizes"][i],
            Stats(*(arrays[name][i] for name in _STATS)),
            PairSums(*(arrays[f"pair_{name}"][i] for name in _PAIRS)),
        )
        for i in range(len(arrays["sizes"]))
    ]
