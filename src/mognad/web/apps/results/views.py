"""The results page of a round: every number on it has passed the anonymity gate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mognad.core.analysis import Analysis
from mognad.core.analysis.summary import analyse_summary
from mognad.web.access import get_membership, get_round, login_required
from mognad.web.apps.actions.carried import results_actions
from mognad.web.apps.results import nav, present
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round
from mognad.web.apps.rounds.summary import Current, round_summary


@login_required
def round_results(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    round_ = get_round(membership, round_id)
    context = _context(round_, request.GET.get("group", present.ALL))
    context["workspace"] = membership.workspace
    context["can_run"] = membership.can("run")
    context["sections"] = nav.links(slug, round_.pk, "round")
    partial = request.headers.get("HX-Request") == "true"
    template = "results/_results.html" if partial else "results/round.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass(frozen=True)
class Figures:
    """What every results section reads of a round: its summary, gated analysis and the
    names of its groups by key. Read once per request and shared by what the page shows."""

    current: Current
    analysis: Analysis
    names: dict[str, str]


def round_figures(round_: Round) -> Figures:
    groups = list(round_.groups.values_list("id", "key", "name"))
    current = round_summary(round_, [(pk, key) for pk, key, _ in groups])
    analysis = analyse_summary(round_instrument(round_), current.keys, current.summary, round_.k)
    return Figures(current, analysis, {key: name for _, key, name in groups})


def round_analysis(round_: Round) -> tuple[Analysis, dict[str, str]]:
    """The gated analysis of a round's responses, and the names of its groups by key."""
    figures = round_figures(round_)
    return figures.analysis, figures.names


def _context(round_: Round, selected: str) -> dict[str, Any]:
    analysis, names = round_analysis(round_)
    instrument = round_instrument(round_)
    texts = present.Texts(instrument, get_language() or "", names)
    key = selected or None
    return {
        "round": round_,
        "k": analysis.plan.k,
        "instrument_title": instrument.text(instrument.title, texts.lang),
        "text_lang": texts.lang,
        "empty": analysis.plan.total < analysis.plan.k,
        "participation": present.participation(analysis, texts),
        "total": present.answered(analysis.plan.total, analysis.plan.k),
        "explanations": present.explanations(analysis, texts),
        "choices": present.choices(analysis, texts, selected),
        "selected": selected,
        "refused": key is not None and analysis.aggregate(key) is None,
        "focus": present.focus(analysis, texts, key),
        "heatmap": present.heatmap(analysis, texts),
        "heat_columns": [_("Overall")] + [texts.dim(d.key) for d in instrument.dimensions],
        "bands": [texts.level(b.key) or b.key for b in analysis.bands],
        "categories": [texts.category(c) for c in analysis.categories],
        **results_actions(round_, analysis, texts.lang, _analysis_only),
    }


def _analysis_only(round_: Round) -> Analysis:
    return round_analysis(round_)[0]
