"""Sums per group over rows kept in group order, each group's sum starting afresh.

A group's figures then depend on its own rows only, in their order: the parts of a stored
summary (summary.py) give the same sums whether read alone or with other parts.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]


def block_sums[T: np.generic](rows: npt.NDArray[T], bounds: Ints) -> npt.NDArray[T]:
    """Per block of rows (`bounds`: each block's first row, then the end), their column sums;
    0 for an empty block."""
    padded = np.concatenate([rows, np.zeros((1, rows.shape[1]), dtype=rows.dtype)])
    starts = bounds[:-1]
    sums: npt.NDArray[T] = np.add.reduceat(padded, starts, axis=0) if len(starts) else padded[:0]
    sums[starts == bounds[1:]] = 0
    return sums
