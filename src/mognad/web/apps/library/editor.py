"""The draft editor: one element of the instrument per page, saved one section at a time.

Every page works as plain forms; htmx only saves a section as soon as a field
changes and refreshes the live preview. Only owners and facilitators edit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from mognad.core import edit
from mognad.core.lint_rules import Path
from mognad.core.model import Instrument
from mognad.web.access import get_membership, login_required
from mognad.web.apps.library.catalog import get_draft
from mognad.web.apps.library.editing import apply_section, save_edited_draft
from mognad.web.apps.library.editor_entries import new_entry
from mognad.web.apps.library.editor_fields import ITEM_TYPES, children, kind_of, specs
from mognad.web.apps.library.editor_view import (
    breadcrumbs,
    element_url,
    entry_label,
    field_views,
    list_views,
    parse_at,
    problem_links,
)
from mognad.web.apps.library.models import InstrumentDraft
from mognad.web.apps.library.preview import preview_context
from mognad.web.apps.workspaces.models import Membership


def editable_draft(
    request: HttpRequest, slug: str, instrument_draft: int
) -> tuple[Membership, InstrumentDraft, Instrument]:
    """The membership (which must be allowed to edit), the draft and its instrument."""
    membership = get_membership(request, slug, "run")
    draft = get_draft(membership.workspace, instrument_draft)
    if draft is None:
        raise Http404
    try:
        instrument = edit.loads(draft.yaml)
    except edit.EditError:
        raise Http404 from None  # a stored draft always has the right shape
    return membership, draft, instrument


def edit_language(request: HttpRequest, instrument: Instrument) -> str:
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    return lang if lang in instrument.languages else instrument.default_language


@login_required
def edit_element(
    request: HttpRequest, slug: str, instrument_draft: int, at: str = ""
) -> HttpResponseBase:
    membership, draft, instrument = editable_draft(request, slug, instrument_draft)
    path = parse_at(at)
    if path is None or not _exists(instrument, path):
        raise Http404
    lang = edit_language(request, instrument)
    if request.method != "POST":
        return _page(request, membership, draft, instrument, path, lang)
    action = request.POST.get("action", "save")
    if action == "add":
        return _add(request, membership, draft, instrument, path, lang)
    if action in ("remove", "up", "down") and path and isinstance(path[-1], int):
        return _restructure(request, draft, instrument, path, action, lang)
    return _save(request, membership, draft, instrument, path, lang)


def _exists(instrument: Instrument, path: Path) -> bool:
    if not kind_of(path):
        return False
    try:
        edit.get(instrument, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _save(
    request: HttpRequest,
    membership: Membership,
    draft: InstrumentDraft,
    instrument: Instrument,
    path: Path,
    lang: str,
) -> HttpResponseBase:
    node = edit.get(instrument, path)
    outcome = apply_section(instrument, path, specs(instrument, path, node), request.POST, lang)
    if outcome.errors:
        extra = {"posted": request.POST, "errors": outcome.errors}
        return _page(request, membership, draft, instrument, path, lang, extra, status=400)
    save_edited_draft(draft, outcome.instrument)
    if getattr(request, "htmx", False):
        response = _page(
            request, membership, draft, outcome.instrument, path, lang, {"saved": True}
        )
        response["HX-Trigger"] = "draft-saved"
        return response
    messages.success(request, gettext("Saved."))
    return redirect(element_url(slug_of(membership), draft.pk, path, lang))


def _add(
    request: HttpRequest,
    membership: Membership,
    draft: InstrumentDraft,
    instrument: Instrument,
    path: Path,
    lang: str,
) -> HttpResponseBase:
    node = edit.get(instrument, path)
    lists = {c.name: c for c in children(path, node)}
    child = lists.get(request.POST.get("list", ""))
    if child is None:
        raise Http404
    key = request.POST.get("new-key", "").strip()
    text = request.POST.get("new-text", "").strip()
    kind = request.POST.get("new-type", "scale")
    problems = _add_problems(child.keyed, child.typed, key, text, kind)
    if not problems:
        entry = new_entry(instrument, path, child.name, key, text, lang, kind)
        where = (*path, *child.parts)
        try:
            added = edit.insert(instrument, where, entry)
        except edit.EditError as error:
            problems = [c.message for c in error.complaints]
        else:
            save_edited_draft(draft, added)
            messages.success(request, gettext("Added."))
            new_path = (*where, len(edit.get(added, where)) - 1)
            return redirect(element_url(slug_of(membership), draft.pk, new_path, lang))
    extra = {
        "add_list": child.name,
        "add_errors": problems,
        "add_key": key,
        "add_text": text,
        "add_type": kind,
    }
    return _page(request, membership, draft, instrument, path, lang, extra, status=400)


def _add_problems(keyed: bool, typed: bool, key: str, text: str, kind: str) -> list[str]:
    problems = []
    if keyed and not key:
        problems.append(gettext("Give the new entry a key, like trust or q1."))
    if not text:
        problems.append(gettext("Write its first text."))
    if typed and kind not in dict(ITEM_TYPES):
        problems.append(gettext("Choose the type of question."))
    return problems


def _restructure(
    request: HttpRequest,
    draft: InstrumentDraft,
    instrument: Instrument,
    path: Path,
    action: str,
    lang: str,
) -> HttpResponseBase:
    try:
        if action == "remove":
            changed = edit.remove(instrument, path)
        else:
            changed = edit.move(instrument, path, -1 if action == "up" else 1)
    except edit.EditError as error:
        for complaint in error.complaints:
            messages.error(request, str(complaint))
    else:
        save_edited_draft(draft, changed)
        messages.success(request, gettext("Removed.") if action == "remove" else gettext("Moved."))
    parent = _owner(path)
    return redirect(element_url(draft.workspace.slug, draft.pk, parent, lang))


def _owner(path: Path) -> Path:
    """The element whose list holds the entry at `path`."""
    parent = path[:-2]
    while parent and not kind_of(parent):
        parent = parent[:-1]
    return parent


def _scale_links(
    instrument: Instrument, slug: str, draft_pk: int, lang: str
) -> list[tuple[str, str]]:
    return [(k, element_url(slug, draft_pk, ("scales", k), lang)) for k in instrument.scales]


def _page_number(request: HttpRequest) -> int:
    """The preview page asked for, 0 for the page of the element being edited."""
    page = request.GET.get("page", "")
    return int(page) if page.isdigit() and len(page) < 4 else 0


def slug_of(membership: Membership) -> str:
    return str(membership.workspace.slug)


def _page(
    request: HttpRequest,
    membership: Membership,
    draft: InstrumentDraft,
    instrument: Instrument,
    path: Path,
    lang: str,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    extra = extra or {}
    # The page always shows the stored draft, whose text is at hand: no need to dump it.
    found = edit.text_problems(draft.yaml, f"{draft.instrument_id}.yaml")
    slug = slug_of(membership)
    fields = field_views(instrument, path, lang, found, extra.get("posted"), extra.get("errors"))
    context = {
        "workspace": membership.workspace,
        "draft": draft,
        "instrument": instrument,
        "path": path,
        "kind": kind_of(path),
        "lang": lang,
        "edit_languages": instrument.languages,
        "fields": fields,
        "lists": list_views(instrument, path, slug, draft.pk, lang, found),
        "item_types": ITEM_TYPES,
        "crumbs": breadcrumbs(instrument, path, slug, draft.pk, lang),
        "heading": entry_label(instrument, edit.get(instrument, path), lang) if path else "",
        "here": element_url(slug, draft.pk, path),
        "problem_count": len(found),
        "scales": [] if path else _scale_links(instrument, slug, draft.pk, lang),
        "problems": problem_links(instrument, found, slug, draft.pk, lang) if not path else [],
        "preview": preview_context(
            instrument, path, request.GET.get("preview", lang), _page_number(request)
        ),
        **extra,
    }
    return render(request, "library/editor/element.html", context, status=status)


@login_required
@require_GET
def live_preview(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponse:
    """The preview panel alone, for htmx to refresh after each save."""
    membership, draft, instrument = editable_draft(request, slug, instrument_draft)
    preview = preview_context(instrument, (), request.GET.get("lang", ""), _page_number(request))
    context = {"workspace": membership.workspace, "draft": draft, "preview": preview}
    return render(request, "library/editor/_preview.html", context)
