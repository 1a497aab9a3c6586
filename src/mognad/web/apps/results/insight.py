"""What the results sections show (gaps, progress, say/do, benchmark, themes), worded.

Every number comes from `mognad.core.analysis`, which has passed it through the
anonymity gate; this module only words, formats and draws what the gate let through.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mognad.core.analysis import Analysis, Difference, GroupGap, Progress, all_gaps
from mognad.core.analysis.benchmark import Benchmark
from mognad.core.analysis.gate import GatePlan
from mognad.core.analysis.ipa import Grid, Quadrant
from mognad.core.analysis.themes import Theme, estimate
from mognad.web.apps.results import figures
from mognad.web.apps.results.opentext import TextSample
from mognad.web.apps.results.present import Texts, rounded

LEVEL = "95 %"  # the confidence level of every interval shown
SHOWN_ANSWERS = 100  # free-text answers listed per question; the themes cover them all


def signed(value: float) -> str:
    """A difference with its sign and one decimal, so that an interval just above 0 never
    reads as starting at 0."""
    tenths = math.floor(abs(value) * 10 + 0.5)
    if tenths == 0:
        return "0.0"
    text = f"{tenths // 10}.{tenths % 10}"
    return f"+{text}" if value > 0 else f"−{text}"


def interval(diff: Difference) -> str:
    return _("%(low)s to %(high)s") % {"low": signed(diff.low), "high": signed(diff.high)}


def measure_title(texts: Texts, dimension: str | None) -> str:
    return _("Overall") if dimension is None else texts.dim(dimension)


def depth(texts: Texts, dimension: str | None) -> int:
    return 0 if dimension is None else texts.depth[dimension]


# --- gaps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    measure: str
    depth: int
    first: str
    second: str
    first_mean: str
    second_mean: str
    difference: str
    interval: str
    flagged: bool
    action: str  # what names a clear gap as the origin of an action; "" for the others


def gap_rows(analysis: Analysis, texts: Texts, key: str | None) -> list[GapRow]:
    """Every gap the gate allows; with a group chosen, those it is part of."""
    gaps = [g for g in all_gaps(analysis) if key is None or key in (g.first, g.second)]
    return [_gap_row(analysis, texts, gap) for gap in gaps]


def _gap_row(analysis: Analysis, texts: Texts, gap: GroupGap) -> GapRow:
    return GapRow(
        measure=measure_title(texts, gap.dimension),
        depth=depth(texts, gap.dimension),
        first=texts.block(analysis, gap.first),
        second=texts.block(analysis, gap.second),
        first_mean=rounded(gap.first_mean),
        second_mean=rounded(gap.second_mean),
        difference=signed(gap.difference.estimate),
        interval=interval(gap.difference),
        flagged=gap.flagged,
        action=gap_origin(gap) if gap.flagged else "",
    )


def gap_origin(gap: GroupGap) -> str:
    """The gap as the actions app names it: `dimension:group:group`, the overall's empty."""
    return f"{gap.dimension or ''}:{gap.first}:{gap.second}"


def gap_figure(analysis: Analysis, texts: Texts, key: str | None) -> SafeString | None:
    """The gaps on the overall score and the top-level dimensions, as whiskers."""
    top = {None, *(d.key for d in texts.instrument.dimensions)}
    gaps = [
        g
        for g in all_gaps(analysis)
        if g.dimension in top and (key is None or key in (g.first, g.second))
    ]
    if not gaps:
        return None
    rows = [
        figures.Whisker(
            f"{measure_title(texts, g.dimension)}: {_pair(analysis, texts, g)}",
            g.difference.estimate,
            g.difference.low,
            g.difference.high,
            g.flagged,
        )
        for g in gaps
    ]
    title = _("Gaps between groups, with %(level)s intervals") % {"level": LEVEL}
    desc = _(
        "Each row is the first group's score minus the second's; the line is its %(level)s "
        "interval. Red rows are clear gaps: their interval does not include 0. The table "
        "below gives the same numbers."
    ) % {"level": LEVEL}
    return figures.gap_chart(rows, title, desc)


def _pair(analysis: Analysis, texts: Texts, gap: GroupGap) -> str:
    return f"{texts.block(analysis, gap.first)} − {texts.block(analysis, gap.second)}"


# --- progress ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    measure: str
    depth: int
    values: list[str]
    change: str
    interval: str
    flagged: bool
    spark: SafeString


def progress_rows(result: Progress, texts: Texts) -> list[ProgressRow]:
    return [
        ProgressRow(
            measure=measure_title(texts, m.dimension),
            depth=depth(texts, m.dimension),
            values=[rounded(p.mean) if p else "–" for p in m.trend],
            change=signed(m.change.estimate) if m.change else "–",
            interval=interval(m.change) if m.change else "",
            flagged=m.change.excludes_zero if m.change else False,
            spark=figures.sparkline([p.mean if p else None for p in m.trend]),
        )
        for m in result.measures
    ]


def progress_figure(result: Progress, texts: Texts) -> SafeString | None:
    if not result.measures:
        return None
    first = result.measures[0]
    name = measure_title(texts, first.dimension)
    title = _("%(measure)s over the rounds") % {"measure": name}
    desc = _(
        "The score of each round from 0 to 100, oldest first; a gap in the line is a round "
        "where it is not shown. The table below gives every dimension."
    )
    values = [p.mean if p else None for p in first.trend]
    return figures.trend_chart(result.labels, values, title, desc)


def not_comparable(keys: Sequence[str], titles: dict[str, str]) -> str:
    return ", ".join(titles.get(key, key) for key in keys)


# --- say/do -----------------------------------------------------------------------------


def quadrant_names() -> dict[Quadrant, str]:
    return {
        Quadrant.CONCENTRATE: _("Concentrate here"),
        Quadrant.KEEP_UP: _("Keep up the good work"),
        Quadrant.LOW_PRIORITY: _("Low priority"),
        Quadrant.OVERKILL: _("Possible overkill"),
    }


@dataclass(frozen=True)
class SayDoRow:
    number: int
    item: str
    n: int
    importance: str
    performance: str
    quadrant: str
    concentrate: bool


def say_do_rows(grid: Grid, item_texts: dict[str, str]) -> list[SayDoRow]:
    names = quadrant_names()
    return [
        SayDoRow(
            i,
            item_texts.get(p.item, p.item),
            p.n,
            rounded(p.importance),
            rounded(p.performance),
            names[p.quadrant],
            p.quadrant == Quadrant.CONCENTRATE,
        )
        for i, p in enumerate(grid.points, start=1)
    ]


def say_do_figure(grid: Grid, label: str) -> SafeString:
    names = quadrant_names()
    dots = [figures.Dot(i, p.importance, p.performance) for i, p in enumerate(grid.points, start=1)]
    corners = (
        names[Quadrant.OVERKILL],
        names[Quadrant.KEEP_UP],
        names[Quadrant.LOW_PRIORITY],
        names[Quadrant.CONCENTRATE],
    )
    axes = (_("Importance"), _("Performance"))
    title = _("Say and do of %(label)s") % {"label": label}
    desc = _(
        "Each numbered dot is a question: how important it is said to be (across) and how "
        "well it is done (up), 0 to 100. The dashed lines mark the middle of the scale. The "
        "table below gives the same numbers."
    )
    lines = (grid.importance_line, grid.performance_line)
    return figures.say_do_chart(dots, lines, corners, axes, title, desc)


# --- benchmark --------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkRow:
    measure: str
    depth: int
    percentile: str  # "" until shown
    bar: SafeString | None
    waiting: str  # why it is not shown yet


def benchmark_rows(result: Benchmark, texts: Texts) -> list[BenchmarkRow]:
    return [
        BenchmarkRow(
            measure_title(texts, cell.dimension),
            depth(texts, cell.dimension),
            rounded(cell.percentile) if cell.percentile is not None else "",
            figures.marker_bar(cell.percentile) if cell.percentile is not None else None,
            "" if cell.shown else _waiting(cell.needed),
        )
        for cell in result.cells
    ]


def _waiting(needed: int) -> str:
    return ngettext(
        "Needs %(n)d more organisation in the pool.",
        "Needs %(n)d more organisations in the pool.",
        needed,
    ) % {"n": needed}


# --- themes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TextQuestion:
    title: str
    count: int  # answers, estimated from the sample when `estimated`
    themes: list[Theme]  # sizes estimated for all answers when made from a sample
    answers: list[str]  # in a fresh random order, at most SHOWN_ANSWERS
    estimated: bool  # only a random sample of the respondents was read
    sampled: int  # respondents in that sample
    clustered: int  # answers the themes come from; 0 when from every answer read


def text_groups(
    plan: GatePlan, key: str | None, score_groups: tuple[str, ...] | None
) -> set[str] | None:
    """The groups whose texts the text plan lets aggregate `key` show; None if it may not."""
    if key is None:
        return set(plan.counts) if plan.overall_shown else None
    block = plan.blocks.get(key)
    if block is None or (score_groups is not None and set(block) != set(score_groups)):
        return None
    return set(block)


def text_question(
    title: str, texts: list[str], found: list[Theme], sample: TextSample
) -> TextQuestion:
    """The answers shuffled afresh on every view, so their order links them to nobody.

    `texts` are the answers of the sample's respondents; when these are not everybody,
    the number of answers and the themes' sizes are estimated for everybody."""
    shuffled = list(texts)
    random.SystemRandom().shuffle(shuffled)
    count = len(texts) if sample.whole else round(len(texts) * sample.factor)
    clustered = sum(theme.size for theme in found)
    return TextQuestion(
        title,
        count,
        estimate(found, count),
        shuffled[:SHOWN_ANSWERS],
        not sample.whole,
        sample.sampled,
        clustered if clustered < len(texts) else 0,
    )
