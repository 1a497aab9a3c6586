"""Drafts: fork an instrument, download and upload its YAML, preview and publish it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from mognad.core.io import InstrumentError
from mognad.web.access import get_membership, login_required
from mognad.web.apps.library import actions
from mognad.web.apps.library.catalog import draft_instrument, find_entry, get_draft
from mognad.web.apps.library.forms import UploadYamlForm
from mognad.web.apps.library.models import InstrumentDraft
from mognad.web.apps.workspaces.models import Membership


def _draft(membership: Membership, instrument_draft: int) -> InstrumentDraft:
    draft = get_draft(membership.workspace, instrument_draft)
    if draft is None:
        raise Http404
    return draft


@login_required
@require_POST
def fork(request: HttpRequest, slug: str, instrument_id: str, version: str) -> HttpResponse:
    membership = get_membership(request, slug, "run")
    entry = find_entry(membership.workspace, instrument_id, version)
    if entry is None:
        raise Http404
    draft = actions.fork_instrument(membership.workspace, entry.instrument, request.user)
    messages.success(request, gettext("Your own draft is ready: change it, then publish it."))
    return redirect("library:draft", slug, draft.pk)


@login_required
def draft_page(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponse:
    membership = get_membership(request, slug, "run")
    draft = _draft(membership, instrument_draft)
    return _render_draft(request, membership, draft, UploadYamlForm())


@login_required
@require_GET
def download(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponse:
    membership = get_membership(request, slug, "run")
    draft = _draft(membership, instrument_draft)
    response = HttpResponse(draft.yaml, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{draft.instrument_id}.yaml"'
    return response


@login_required
@require_POST
def upload(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    draft = _draft(membership, instrument_draft)
    form = UploadYamlForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            actions.save_draft(draft, form.cleaned_data["file"])
        except InstrumentError as error:
            problems = [str(p) for p in error.problems]
        else:
            messages.success(request, gettext("The uploaded file replaced the draft."))
            return redirect("library:draft", slug, draft.pk)
    status = 400
    return _render_draft(request, membership, draft, form, problems, status)


@login_required
@require_POST
def delete(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    actions.delete_draft(_draft(membership, instrument_draft))
    messages.success(request, gettext("The draft was deleted."))
    return redirect("library:list", slug)


def _render_draft(
    request: HttpRequest,
    membership: Membership,
    draft: InstrumentDraft,
    form: UploadYamlForm,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    instrument = draft_instrument(draft)
    parent = (
        find_entry(membership.workspace, draft.parent_id, draft.parent_version)
        if draft.parent_id
        else None
    )
    context = {
        "workspace": membership.workspace,
        "draft": draft,
        "instrument": instrument,
        "title": instrument.text(instrument.title),
        "parent": parent,
        "form": form,
        "problems": problems or [],
    }
    return render(request, "library/draft.html", context, status=status)
