"""Sums per group over rows kept in group order, each group's sum starting afresh.

A group's figures then depend on its own rows only, in their order: the parts of a stored
summary (summary.py) give the same sums whether read alone or with other parts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]


def block_sums(rows: npt.NDArray[Any], bounds: Ints, dtype: Any = None) -> npt.NDArray[Any]:
    """Per block of rows (`bounds`: each block's first row, then the end of the rows), their
    column sums (in `dtype` when given); 0 for an empty block."""
    starts, ends = bounds[:-1], bounds[1:]
    sums = np.zeros((len(starts), *rows.shape[1:]), dtype=dtype or rows.dtype)
    filled = starts < ends
    if filled.any():  # each filled block runs to the next filled block's start, the last to the end
        sums[filled] = np.add.reduceat(rows, starts[filled], axis=0, dtype=sums.dtype)
    return sums
