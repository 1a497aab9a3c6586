"""The library: the instruments a workspace can run, and a preview of each."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, get_language_info

from mognad.core.model import Instrument
from mognad.instruments import builtin_instruments, find_builtin
from mognad.web.access import get_membership, login_required
from mognad.web.apps.library.preview import item_count, page_sections


@dataclass(frozen=True)
class Language:
    code: str
    name: str


@dataclass(frozen=True)
class Card:
    id: str
    lang: str  # the language the card's texts are in
    title: str
    description: str
    version: str
    languages: list[Language]
    items: int
    minutes: int | None
    levels: list[str]
    phases: list[str]


@login_required
def library_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    cards = [_card(instrument) for instrument in builtin_instruments()]
    context = {
        "workspace": membership.workspace,
        "cards": cards,
        "can_run": membership.can("run"),
    }
    return render(request, "library/list.html", context)


@login_required
def preview(request: HttpRequest, slug: str, instrument_id: str) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    instrument = find_builtin(instrument_id)
    if instrument is None:
        raise Http404
    lang = request.GET.get("lang", "")
    if lang not in instrument.languages:
        lang = _ui_language(instrument)
    total = len(instrument.dimensions)
    page = min(max(_int(request.GET.get("page"), 1), 1), total)
    context = {
        "workspace": membership.workspace,
        "instrument": instrument,
        "title": instrument.text(instrument.title, lang),
        "description": instrument.text(instrument.description, lang),
        "lang": lang,
        "instrument_languages": _languages(instrument),
        "sections": page_sections(instrument, page - 1, lang),
        "page": page,
        "total": total,
        "can_run": membership.can("run"),
    }
    return render(request, "library/preview.html", context)


def _card(instrument: Instrument) -> Card:
    lang = _ui_language(instrument)
    phases = instrument.phases.categories if instrument.phases else []
    return Card(
        id=instrument.id,
        lang=lang,
        title=instrument.text(instrument.title, lang),
        description=instrument.text(instrument.description, lang),
        version=instrument.version,
        languages=_languages(instrument),
        items=item_count(instrument),
        minutes=instrument.minutes,
        levels=[
            f"{instrument.text(lv.title, lang)} ({lv.min}–{lv.max})" for lv in instrument.levels
        ],
        phases=[instrument.text(category.title, lang) for category in phases],
    )


def _ui_language(instrument: Instrument) -> str:
    """The interface's language when the instrument has it, else the instrument's default."""
    current = (get_language() or "").split("-")[0]
    return current if current in instrument.languages else instrument.default_language


def _languages(instrument: Instrument) -> list[Language]:
    return [Language(code, language_name(code)) for code in instrument.languages]


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default
