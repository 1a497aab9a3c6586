"""95 % intervals for the difference of two means: Welch's t interval, analytic.

Analytic rather than bootstrapped so that a results page costs the same for 100 or
1,000,000 answers and gives the same interval on every view: it needs only each
aggregate's count, mean and standard deviation, which the gate's statistics hold.
The method is written out in docs/analysis.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_975 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


@dataclass(frozen=True)
class Difference:
    """`first` minus `second`, with its 95 % interval."""

    estimate: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        """Whether the interval lies wholly above or wholly below 0: a clear difference."""
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Sample:
    """What an interval needs of one aggregate's measure."""

    n: int
    mean: float
    sd: float


def t_975(df: float) -> float:
    """The 97.5th percentile of Student's t with `df` degrees of freedom.

    The Cornish-Fisher expansion around the normal quantile; within 0.005 of the exact
    value at 3 degrees of freedom, within 0.001 from 5 up, and exact in the limit.
    """
    if math.isinf(df):
        return Z_975
    z = Z_975
    terms = (
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    )
    return z + sum(term / df ** (power + 1) for power, term in enumerate(terms))


def difference(first: Sample, second: Sample) -> Difference:
    """Welch's 95 % interval for the mean of `first` minus the mean of `second`.

    The two aggregates are different people, each of at least two (the gate's k is 3
    or more). When both spreads are 0 the interval is the estimate itself.
    """
    estimate = first.mean - second.mean
    v1, v2 = first.sd**2 / first.n, second.sd**2 / second.n
    if v1 + v2 == 0:
        return Difference(estimate, estimate, estimate)
    df = (v1 + v2) ** 2 / (_part(v1, first.n) + _part(v2, second.n))
    half = t_975(df) * math.sqrt(v1 + v2)
    return Difference(estimate, estimate - half, estimate + half)


def _part(v: float, n: int) -> float:
    return v * v / (n - 1) if n > 1 else 0.0
