"""Published versions: their page with lineage, diffs between any two, publish and share."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mognad.core.diff import diff_instruments
from mognad.core.io import InstrumentError
from mognad.web.access import get_membership, login_required
from mognad.web.apps.library import actions
from mognad.web.apps.library.actions import LibraryError
from mognad.web.apps.library.catalog import (
    Entry,
    complete_languages,
    entries,
    find_entry,
    get_draft,
)
from mognad.web.apps.library.diffs import shown
from mognad.web.apps.library.forms import PublishForm
from mognad.web.apps.library.lineage import lineage, publish_plan
from mognad.web.apps.library.models import Visibility
from mognad.web.apps.library.views import language_name
from mognad.web.apps.workspaces.models import Membership


def _entry(membership: Membership, instrument_id: str, version: str) -> Entry:
    entry = find_entry(membership.workspace, instrument_id, version)
    if entry is None:
        raise Http404
    return entry


@login_required
def version_page(request: HttpRequest, slug: str, instrument_id: str, version: str) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    entry = _entry(membership, instrument_id, version)
    stored = entry.stored
    own = stored is not None and stored.workspace_id == membership.workspace.pk
    private = stored is not None and stored.visibility != Visibility.PUBLIC
    context = {
        "workspace": membership.workspace,
        "entry": entry,
        "title": entry.instrument.text(entry.instrument.title),
        "lineage": lineage(membership.workspace, entry),
        "complete_languages": [
            language_name(code) for code in complete_languages(entry.instrument)
        ],
        "can_run": membership.can("run"),
        "can_share": own and private and membership.can("manage"),
    }
    return render(request, "library/version.html", context)


@login_required
def diff_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    choices = entries(membership.workspace)
    old = _chosen(membership, request.GET.get("from", ""))
    new = _chosen(membership, request.GET.get("to", ""))
    context = {
        "workspace": membership.workspace,
        "choices": [_ref(e) for e in choices],
        "old": old,
        "new": new,
        "old_ref": _ref(old) if old else request.GET.get("from", ""),
        "new_ref": _ref(new) if new else request.GET.get("to", ""),
        "diff": shown(diff_instruments(old.instrument, new.instrument)) if old and new else None,
    }
    return render(request, "library/diff.html", context)


def _ref(entry: Entry) -> str:
    return f"{entry.id}@{entry.version}"


def _chosen(membership: Membership, ref: str) -> Entry | None:
    instrument_id, _, version = ref.partition("@")
    if not instrument_id or not version:
        return None
    return find_entry(membership.workspace, instrument_id, version)


@login_required
def publish(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    draft = get_draft(membership.workspace, instrument_draft)
    if draft is None:
        raise Http404
    plan = publish_plan(membership.workspace, draft)
    form = PublishForm(request.POST or None, initial={"version": plan.minimum})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and not plan.unchanged:
        try:
            published = actions.publish_draft(
                draft, form.cleaned_data["version"], request.user, minimum=plan.minimum
            )
        except LibraryError as error:
            form.add_error("version", str(error))
        except InstrumentError as error:
            problems = [str(p) for p in error.problems]
        else:
            messages.success(request, gettext("Published. You can now start rounds with it."))
            return redirect("library:version", slug, published.instrument_id, published.version)
    context = {"workspace": membership.workspace, "draft": draft, "plan": plan, "form": form}
    context["diff"] = shown(plan.diff)
    context["problems"] = problems
    status = 400 if request.method == "POST" else 200
    return render(request, "library/publish.html", context, status=status)


@login_required
@require_POST
def share(request: HttpRequest, slug: str, instrument_id: str, version: str) -> HttpResponseBase:
    membership = get_membership(request, slug, "manage")
    entry = _entry(membership, instrument_id, version)
    if entry.stored is None or entry.stored.workspace_id != membership.workspace.pk:
        raise Http404
    try:
        actions.share_version(entry.stored, Visibility.PUBLIC)
    except LibraryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Everyone on this server can now use this version."))
    return redirect("library:version", slug, instrument_id, version)
