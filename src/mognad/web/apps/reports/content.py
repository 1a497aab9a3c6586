"""What a round's PDF report says, worked out in one language from the gated analysis.

Every number comes from `mognad.core.analysis` and has passed the anonymity gate; the
charts are the results page's own (`results.charts` through `results.present`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from mognad.core.analysis import (
    Aggregate,
    Analysis,
    GroupGap,
    all_gaps,
    biggest,
    group_gaps,
    progress,
)
from mognad.core.analysis.benchmark import benchmark, pool_round
from mognad.core.model import Dimension
from mognad.web.apps.actions.carried import results_actions
from mognad.web.apps.results import insight, loading, present
from mognad.web.apps.results.views import round_analysis
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round


@dataclass(frozen=True)
class GapLine:
    dimension: str
    first: str
    second: str
    estimate: str
    interval: str
    flagged: bool


@dataclass(frozen=True)
class DimensionPage:
    title: str
    description: str
    score: present.Score
    level_text: str
    distribution: present.DistributionRow
    children: list[present.Score]
    groups: list[tuple[str, present.Score]]
    gaps: list[GapLine]
    advice: list[present.Advice]
    actions: list[Any]


def report_context(round_: Round, lang: str) -> dict[str, Any]:
    """Everything the report template shows, in `lang` (call inside translation.override)."""
    analysis, names = round_analysis(round_)
    instrument = round_instrument(round_)
    texts = present.Texts(instrument, lang, names)
    overall = analysis.overall
    focus = present.focus(analysis, texts, None)
    gaps = all_gaps(analysis)
    actions = results_actions(round_, analysis, texts.lang, _analysis_only)
    return {
        "round": round_,
        "workspace": round_.workspace,
        "lang": lang,
        "text_lang": texts.lang,
        "instrument_title": instrument.text(instrument.title, texts.lang),
        "instrument": instrument,
        "today": timezone.localdate(),
        "k": analysis.plan.k,
        "total": analysis.plan.total,
        "empty": analysis.plan.total < analysis.plan.k,
        "participation": present.participation(analysis, texts),
        "explanations": present.explanations(analysis, texts),
        "focus": focus,
        "strongest": _ranked(texts, overall, reverse=True),
        "weakest": _ranked(texts, overall, reverse=False),
        "biggest_gaps": [_gap_line(texts, analysis, g) for g in biggest(gaps)],
        "heatmap": present.heatmap(analysis, texts),
        "heat_columns": [_("Overall")] + [texts.dim(d.key) for d in instrument.dimensions],
        "bands": [texts.level(b.key) or b.key for b in analysis.bands],
        "dimension_pages": [
            _dimension_page(texts, analysis, d, focus, actions) for d in instrument.dimensions
        ]
        if focus
        else [],
        "progress": _progress(round_, texts, analysis),
        "benchmark": _benchmark(round_, texts, analysis),
        **actions,
    }


def _analysis_only(round_: Round) -> Analysis:
    return round_analysis(round_)[0]


def _ranked(texts: present.Texts, overall: Aggregate | None, reverse: bool) -> list[present.Score]:
    """The two top-level dimensions scored highest (or lowest) for all groups together."""
    if overall is None:
        return []
    shown = [
        (cell.mean, d.key)
        for d in texts.instrument.dimensions
        if (cell := overall.dimensions.get(d.key)) is not None
    ]
    chosen = sorted(shown, reverse=reverse)[:2]
    return [present.score(texts, texts.dim(key), 0, overall.dimensions[key]) for _m, key in chosen]


def _gap_line(texts: present.Texts, analysis: Analysis, gap: GroupGap) -> GapLine:
    return GapLine(
        dimension=texts.dim(gap.dimension) if gap.dimension else _("Overall"),
        first=texts.block(analysis, gap.first),
        second=texts.block(analysis, gap.second),
        estimate=insight.signed(gap.difference.estimate),
        interval=insight.interval(gap.difference),
        flagged=gap.flagged,
    )


def _dimension_page(
    texts: present.Texts,
    analysis: Analysis,
    dim: Dimension,
    focus: present.Focus,
    actions: dict[str, Any],
) -> DimensionPage:
    instrument = texts.instrument
    overall = analysis.overall
    scores = dict(zip(analysis.dimensions, focus.scores, strict=True))
    bars = dict(zip(analysis.dimensions, focus.distribution, strict=True))
    cell = overall.dimensions.get(dim.key) if overall else None
    level = next((lv for lv in instrument.levels if cell and lv.key == cell.level), None)
    aimed = [row for row in actions["own_actions"] if dim.key in row.action.dimensions]
    aims = {r.key: r.when.dimension for r in instrument.recommendations}
    inside = {dim.key} | {c.key for c in _descendants(dim)}
    return DimensionPage(
        title=texts.dim(dim.key),
        description=instrument.text(dim.description, texts.lang),
        score=scores[dim.key],
        level_text=instrument.text(level.description, texts.lang) if level else "",
        distribution=bars[dim.key],
        children=[scores[c.key] for c in _descendants(dim)],
        groups=[
            (texts.block(analysis, key), present.score(texts, key, 0, block.dimensions[dim.key]))
            for key, block in analysis.blocks.items()
        ],
        gaps=[_gap_line(texts, analysis, g) for g in group_gaps(analysis, dim.key)],
        advice=[a for a in focus.advice if aims.get(a.key) in inside],
        actions=aimed,
    )


def _descendants(dim: Dimension) -> list[Dimension]:
    return [d for child in dim.dimensions for d in (child, *_descendants(child))]


def _progress(round_: Round, texts: present.Texts, analysis: Analysis) -> dict[str, Any] | None:
    """The series up to this round for all groups together: the results page's rows and chart."""
    found = progress([result for result, _ in loading.series(round_, analysis)])
    if found is None:
        return None
    return {
        "labels": found.labels,
        "rows": insight.progress_rows(found, texts),
        "figure": insight.progress_figure(found, texts),
    }


def _benchmark(round_: Round, texts: present.Texts, analysis: Analysis) -> dict[str, Any]:
    """Where the round stands among opted-in peers, as the results page's benchmark shows it."""
    workspace = round_.workspace
    if not workspace.benchmark_opt_in:
        return {"opted_in": False}
    own = pool_round(str(workspace.pk), texts.instrument, analysis)
    result = benchmark(own, loading.benchmark_pool(round_), analysis.plan.k)
    titles = {d.key: texts.dim(d.key) for d in texts.instrument.walk_dimensions()}
    return {
        "opted_in": True,
        "rows": insight.benchmark_rows(result, texts),
        "not_comparable": insight.not_comparable(result.not_comparable, titles),
    }
