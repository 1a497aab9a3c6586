"""What the results page shows, worked out from a round's analysis in the reader's language.

Every number comes from `mognad.core.analysis`, which has passed it through the
anonymity gate; this module only words and formats what the gate let through.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mognad.core.analysis import OTHER, Aggregate, Analysis, Cell, PhaseCell, Reason, applicable
from mognad.core.model import Instrument
from mognad.web.apps.results import charts

ALL = ""  # the value of "all groups" in the group filter


@dataclass(frozen=True)
class Participation:
    name: str
    answered: str
    shown_as: str


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class Score:
    title: str
    depth: int
    value: str  # the rounded mean, or "–" when not shown
    level: str
    phase: str
    heat: str  # the CSS class of its 10-point band


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: list[Score]


@dataclass(frozen=True)
class DistributionRow:
    title: str
    depth: int
    bar: SafeString
    counts: list[int]


@dataclass(frozen=True)
class PhaseRow:
    title: str
    dominant: str
    counts: list[int]


@dataclass(frozen=True)
class Advice:
    key: str
    title: str
    text: str
    priority: int
    scope: str


@dataclass(frozen=True)
class Focus:
    """The results of the aggregate the reader chose: all groups, one group, or others."""

    label: str
    n: int
    overall: Score
    scores: list[Score]
    radar: SafeString
    distribution: list[DistributionRow]
    phase: str
    phases: list[PhaseRow]
    advice: list[Advice]


class Texts:
    """The instrument's texts in one language, with the names of the round's groups."""

    def __init__(self, instrument: Instrument, lang: str, names: dict[str, str]) -> None:
        self.instrument = instrument
        self.lang = lang if lang in instrument.languages else instrument.default_language
        self.names = names
        self.dims = {d.key: d for d in instrument.walk_dimensions()}
        self.depth = {d.key: 0 for d in instrument.dimensions}
        for d in instrument.walk_dimensions():
            self.depth.update({child.key: self.depth[d.key] + 1 for child in d.dimensions})

    def dim(self, key: str) -> str:
        return self.instrument.text(self.dims[key].title, self.lang)

    def level(self, key: str | None) -> str:
        found = next((lv for lv in self.instrument.levels if lv.key == key), None)
        return self.instrument.text(found.title, self.lang) if found else ""

    def category(self, key: str | None) -> str:
        phases = self.instrument.phases
        found = next((c for c in phases.categories if c.key == key), None) if phases else None
        return self.instrument.text(found.title, self.lang) if found else ""

    def groups(self, keys: tuple[str, ...]) -> str:
        return ", ".join(self.names.get(key, key) for key in keys)

    def block(self, analysis: Analysis, key: str | None) -> str:
        if key is None:
            return _("All groups")
        if key == OTHER:
            groups = self.groups(analysis.plan.blocks[OTHER])
            return _("Other groups (%(groups)s)") % {"groups": groups}
        return self.names.get(key, key)


# --- participation and the gate's explanations ----------------------------------------


def participation(analysis: Analysis, texts: Texts) -> list[Participation]:
    plan = analysis.plan
    rows = [
        Participation(texts.names.get(key, key), answered(n, plan.k), _shown_as(analysis, key))
        for key, n in plan.counts.items()
    ]
    return rows


def answered(n: int, k: int) -> str:
    """A count of people, with counts from 1 to k-1 shown only as "fewer than k"."""
    if n == 0:
        return _("none yet")
    if n < k:
        return ngettext("fewer than %(k)d", "fewer than %(k)d", k) % {"k": k}
    return str(n)


def _shown_as(analysis: Analysis, key: str) -> str:
    plan = analysis.plan
    if key in plan.visible:
        return _("on its own")
    if key in plan.merged:
        return _("with the other small groups")
    if key in plan.hidden:
        return _("not shown")
    return "–"


def explanations(analysis: Analysis, texts: Texts) -> list[str]:
    k = analysis.plan.k
    messages = {
        Reason.MERGED: _(
            "%(groups)s: each has fewer than %(k)d answers, so they are shown together "
            "as “Other groups”."
        ),
        Reason.HIDDEN: _(
            "%(groups)s: fewer than %(k)d answers, even together, so they are not shown."
        ),
        Reason.FOLDED: _(
            "%(groups)s: shown inside “Other groups” too, so that the smaller groups in it "
            "cannot be worked out."
        ),
        Reason.ONLY_OVERALL: _(
            "%(groups)s: fewer than %(k)d answers, and showing any group on its own would "
            "reveal them, so only the result for all groups together is shown."
        ),
        Reason.OVERALL_WITHHELD: _(
            "The result for all groups is not shown: taking the groups shown away from it "
            "would reveal the answers of %(groups)s. It appears once they have %(k)d answers "
            "together."
        ),
    }
    return [
        messages[e.reason] % {"groups": texts.groups(e.groups), "k": k}
        for e in analysis.plan.explanations
        if e.reason in messages
    ]


def choices(analysis: Analysis, texts: Texts, selected: str) -> list[Choice]:
    keys = ([ALL] if analysis.overall else []) + list(analysis.blocks)
    return [Choice(key, texts.block(analysis, key or None), key == selected) for key in keys]


# --- the chosen aggregate -----------------------------------------------------------


def focus(analysis: Analysis, texts: Texts, key: str | None) -> Focus | None:
    aggregate = analysis.aggregate(key)
    if aggregate is None:
        return None
    top = [d.key for d in texts.instrument.dimensions]
    return Focus(
        label=texts.block(analysis, key),
        n=aggregate.n,
        overall=score(texts, _("Overall"), 0, aggregate.overall, aggregate.phase),
        scores=[_dim_score(texts, aggregate, d) for d in analysis.dimensions],
        radar=_radar(analysis, texts, aggregate, top),
        distribution=[_distribution(texts, aggregate, d) for d in analysis.dimensions],
        phase=texts.category(aggregate.phase.dominant) if aggregate.phase else "",
        phases=_phases(analysis, texts, aggregate),
        advice=_advice(analysis, texts, key),
    )


def score(
    texts: Texts, title: str, depth: int, cell: Cell | None, phase: PhaseCell | None = None
) -> Score:
    phase_title = texts.category(phase.dominant) if phase else ""
    if cell is None:
        return Score(title, depth, "–", "", phase_title, "heat-none")
    band = min(9, max(0, int(cell.mean // 10)))
    return Score(
        title, depth, rounded(cell.mean), texts.level(cell.level), phase_title, f"heat-{band}"
    )


def rounded(value: float) -> str:
    """A score as a whole number, rounded halves up as levels are."""
    return str(math.floor(value + 0.5))


def _dim_score(texts: Texts, aggregate: Aggregate, key: str) -> Score:
    cell, phase = aggregate.dimensions[key], aggregate.dimension_phases[key]
    return score(texts, texts.dim(key), texts.depth[key], cell, phase)


def _radar(analysis: Analysis, texts: Texts, aggregate: Aggregate, top: list[str]) -> SafeString:
    series = [charts.Series(_means(aggregate, top), "#0b5d4b", "#0b5d4b")]
    if aggregate.key is not None and analysis.overall is not None:
        series.insert(0, charts.Series(_means(analysis.overall, top), "#4a5468", "none", True))
    label = texts.block(analysis, aggregate.key)
    title = _("Scores of %(label)s per dimension") % {"label": label}
    desc = _(
        "Each spoke is a dimension, scored from 0 at the centre to 100 at the rim. "
        "The table below gives the same numbers."
    )
    return charts.radar([texts.dim(d) for d in top], series, title, desc)


def _means(aggregate: Aggregate, keys: list[str]) -> list[float | None]:
    cells = [aggregate.dimensions[key] for key in keys]
    return [cell.mean if cell else None for cell in cells]


def _distribution(texts: Texts, aggregate: Aggregate, key: str) -> DistributionRow:
    cell = aggregate.dimensions[key]
    counts = list(cell.bands) if cell else []
    bar = charts.stacked_bar(counts) if cell else SafeString("")
    return DistributionRow(texts.dim(key), texts.depth[key], bar, counts)


def _phases(analysis: Analysis, texts: Texts, aggregate: Aggregate) -> list[PhaseRow]:
    if not analysis.categories:
        return []
    rows = [(_("Overall"), aggregate.phase)]
    rows += [(texts.dim(d), aggregate.dimension_phases[d]) for d in analysis.dimensions]
    return [
        PhaseRow(
            title, texts.category(cell.dominant) if cell else "–", list(cell.counts) if cell else []
        )
        for title, cell in rows
    ]


def _advice(analysis: Analysis, texts: Texts, key: str | None) -> list[Advice]:
    instrument = texts.instrument
    return [
        Advice(
            r.key,
            instrument.text(r.title, texts.lang),
            instrument.text(r.text, texts.lang),
            r.priority,
            texts.dim(r.when.dimension) if r.when.dimension else _("Overall"),
        )
        for r in applicable(instrument, analysis, key)
    ]


# --- the groups × dimensions heatmap ---------------------------------------------------


def heatmap(analysis: Analysis, texts: Texts) -> list[HeatRow]:
    top = [d.key for d in texts.instrument.dimensions]
    aggregates = ([analysis.overall] if analysis.overall else []) + list(analysis.blocks.values())
    return [
        HeatRow(
            texts.block(analysis, agg.key),
            [score(texts, _("Overall"), 0, agg.overall)]
            + [score(texts, texts.dim(d), 0, agg.dimensions[d]) for d in top],
        )
        for agg in aggregates
    ]
