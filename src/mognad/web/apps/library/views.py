"""The library: the instruments a workspace can run, and a preview of each."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, get_language_info

from mognad.core.model import Instrument
from mognad.web.access import get_membership, login_required
from mognad.web.apps.library.catalog import (
    Entry,
    draft_instrument,
    find_entry,
    get_draft,
    latest_entries,
)
from mognad.web.apps.library.imports import ImportForm, import_help
from mognad.web.apps.library.models import InstrumentDraft
from mognad.web.apps.library.preview import item_count, preview_context
from mognad.web.apps.workspaces.models import Membership


@dataclass(frozen=True)
class Language:
    code: str
    name: str


@dataclass(frozen=True)
class Card:
    id: str
    owner: str  # the workspace that published it; "" for a built-in
    parent_id: str
    parent_version: str
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
    cards = [_card(entry) for entry in latest_entries(membership.workspace)]
    can_run = membership.can("run")
    drafts = InstrumentDraft.objects.filter(workspace=membership.workspace) if can_run else []
    context = {
        "workspace": membership.workspace,
        "cards": cards,
        "drafts": [(d, _title(draft_instrument(d))) for d in drafts],
        "can_run": can_run,
        "import_form": ImportForm(),
        "import_help": import_help(),
    }
    return render(request, "library/list.html", context)


@login_required
def preview(
    request: HttpRequest, slug: str, instrument_id: str, version: str | None = None
) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    entry = find_entry(membership.workspace, instrument_id, version)
    if entry is None:
        raise Http404
    return render_preview(request, membership, entry.instrument, {"entry": entry})


@login_required
def draft_preview(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponse:
    membership = get_membership(request, slug, "run")
    draft = get_draft(membership.workspace, instrument_draft)
    if draft is None:
        raise Http404
    return render_preview(request, membership, draft_instrument(draft), {"draft": draft})


def render_preview(
    request: HttpRequest, membership: Membership, instrument: Instrument, extra: dict[str, object]
) -> HttpResponse:
    """The questionnaire as respondents would see it, one page at a time, in any language."""
    lang = request.GET.get("lang", "")
    if lang not in instrument.languages:
        lang = _ui_language(instrument)
    preview = preview_context(instrument, (), lang, max(_int(request.GET.get("page"), 1), 1))
    context = {
        "workspace": membership.workspace,
        "instrument": instrument,
        "title": instrument.text(instrument.title, lang),
        "description": instrument.text(instrument.description, lang),
        "lang": lang,
        "instrument_languages": _languages(instrument),
        "preview": preview,
        "page": preview.page,
        "total": preview.total,
        "can_run": membership.can("run"),
        **extra,
    }
    return render(request, "library/preview.html", context)


def _card(entry: Entry) -> Card:
    instrument = entry.instrument
    lang = _ui_language(instrument)
    phases = instrument.phases.categories if instrument.phases else []
    return Card(
        id=instrument.id,
        owner=entry.stored.workspace.name if entry.stored else "",
        parent_id=instrument.parent.id if instrument.parent else "",
        parent_version=instrument.parent.version if instrument.parent else "",
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


def _title(instrument: Instrument) -> str:
    return instrument.text(instrument.title, _ui_language(instrument))


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
