"""The results page's sections beyond the overview, each at its own URL.

Every section keeps the group filter (`?group=`) and reads the round's gated analysis;
what it shows on top of it is worked out in the core and worded in `insight`. To add a
section: a view here (or in its own app), a URL, and an entry in `nav.SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from mognad.core.analysis import Analysis, plan_text, progress
from mognad.core.analysis.benchmark import benchmark, pool_round
from mognad.core.analysis.ipa import pair_items, say_do_sums
from mognad.core.model import TextItem
from mognad.web.access import get_membership, login_required
from mognad.web.access import get_round as scoped_round
from mognad.web.apps.results import insight, loading, nav, opentext, present
from mognad.web.apps.results.views import round_figures
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces.models import Membership

Builder = Callable[["Page"], dict[str, Any]]


class Page:
    """What every section starts from: the round, its gated analysis, the chosen group."""

    def __init__(self, membership: Membership, round_: Round, selected: str) -> None:
        self.membership = membership
        self.round = round_
        self.figures = round_figures(round_)
        self.analysis: Analysis = self.figures.analysis
        self.instrument = round_instrument(round_)
        self.texts = present.Texts(self.instrument, get_language() or "", self.figures.names)
        self.selected = selected
        self.key = selected or None

    @property
    def shown(self) -> bool:
        return self.analysis.aggregate(self.key) is not None

    def common(self, section: str) -> dict[str, Any]:
        analysis = self.analysis
        return {
            "workspace": self.membership.workspace,
            "round": self.round,
            "k": analysis.plan.k,
            "instrument_title": self.instrument.text(self.instrument.title, self.texts.lang),
            "text_lang": self.texts.lang,
            "empty": analysis.plan.total < analysis.plan.k,
            "choices": present.choices(analysis, self.texts, self.selected),
            "selected": self.selected,
            "refused": self.key is not None and not self.shown,
            "sections": nav.links(self.membership.workspace.slug, self.round.pk, section),
            "section": section,
            "label": self.texts.block(analysis, self.key) if self.shown else "",
            "can_run": self.membership.can("run"),
        }


def _section(
    request: HttpRequest, slug: str, round_id: int, name: str, build: Builder
) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    page = Page(membership, scoped_round(membership, round_id), request.GET.get("group", ""))
    context = page.common(name)
    if not context["empty"] and not context["refused"]:
        context.update(build(page))
    partial = request.headers.get("HX-Request") == "true"
    body = f"results/section_{name}.html"
    response = render(
        request, body if partial else "results/section.html", {**context, "body": body}
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _gaps(page: Page) -> dict[str, Any]:
    return {
        "gap_rows": insight.gap_rows(page.analysis, page.texts, page.key),
        "figure": insight.gap_figure(page.analysis, page.texts, page.key),
    }


def _progress(page: Page) -> dict[str, Any]:
    series = loading.series(page.round, page.analysis)
    result = progress([r for r, _ in series], page.key)
    if result is None:
        return {"progress": None}
    titles = {
        d.key: instrument.text(d.title, page.texts.lang)
        for _, instrument in series
        for d in instrument.walk_dimensions()
    }
    return {
        "progress": result,
        "progress_rows": insight.progress_rows(result, page.texts),
        "figure": insight.progress_figure(result, page.texts),
        "only_current": insight.not_comparable(result.only_current, titles),
        "only_previous": insight.not_comparable(result.only_previous, titles),
    }


def _say_do(page: Page) -> dict[str, Any]:
    specs = pair_items(page.instrument)
    if not specs:
        return {"has_pairs": False}
    pairs = page.figures.current.summary.pairs
    grids = say_do_sums(page.analysis.plan, [s.key for s in specs], pairs)
    grid = grids.get(page.key)
    texts = {
        item.key: page.instrument.text(item.text, page.texts.lang)
        for _, item in page.instrument.walk_items()
    }
    return {
        "has_pairs": True,
        "grid": grid,
        "say_do_rows": insight.say_do_rows(grid, texts) if grid else [],
        "figure": insight.say_do_figure(grid, page.texts.block(page.analysis, page.key))
        if grid
        else None,
    }


def _benchmark(page: Page) -> dict[str, Any]:
    workspace = page.membership.workspace
    if not workspace.benchmark_opt_in:
        return {"opted_in": False, "can_manage": page.membership.can("manage")}
    own = pool_round(str(workspace.pk), page.instrument, page.analysis)
    result = benchmark(own, loading.benchmark_pool(page.round), page.analysis.plan.k)
    return {
        "opted_in": True,
        "benchmark_rows": insight.benchmark_rows(result, page.texts),
        "not_comparable": insight.not_comparable(
            result.not_comparable,
            {d.key: page.texts.dim(d.key) for d in page.instrument.walk_dimensions()},
        ),
    }


def _themes(page: Page) -> dict[str, Any]:
    plan = plan_text(page.analysis.plan.counts, page.analysis.plan.k)
    aggregate = page.analysis.aggregate(page.key)
    allowed = insight.text_groups(plan, page.key, aggregate.groups if aggregate else None)
    items = [item for _, item in page.instrument.walk_items() if isinstance(item, TextItem)]
    if allowed is None or not items:
        return {"text_allowed": allowed is not None, "has_texts": bool(items), "questions": []}
    sample = opentext.sample_of(page.figures, allowed)
    questions = []
    for item in items:
        texts, found = opentext.question_themes(page.round, page.figures, item.key, sample)
        title = page.instrument.text(item.text, page.texts.lang)
        questions.append(insight.text_question(title, texts, found, sample))
    return {"text_allowed": True, "has_texts": True, "questions": questions}


def _view(name: str, build: Builder) -> Callable[..., HttpResponse]:
    @login_required
    @require_GET
    def view(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
        return _section(request, slug, round_id, name, build)

    view.__name__ = f"round_{name}"
    return view


gaps = _view("gaps", _gaps)
trend = _view("progress", _progress)
say_do_grid = _view("saydo", _say_do)
peers = _view("benchmark", _benchmark)
open_text = _view("themes", _themes)
