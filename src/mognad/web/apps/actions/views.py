"""The workspace's actions: list and filter them, take one from a result, edit, move it on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from mognad.core.model import Instrument
from mognad.web.access import get_membership, get_round, login_required
from mognad.web.apps.actions import actions
from mognad.web.apps.actions.actions import ActionError
from mognad.web.apps.actions.carried import Words, rows
from mognad.web.apps.actions.forms import ActionForm, FilterForm
from mognad.web.apps.actions.models import Action, ActionStatus, SourceKind
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces.models import Membership


@login_required
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    rounds = list(Round.objects.filter(workspace=membership.workspace))
    form = FilterForm(request.GET, rounds=[(str(r.pk), f"{r.title} ({r.label})") for r in rounds])
    found = Action.objects.filter(workspace=membership.workspace).select_related("round")
    if form.is_valid():
        if form.cleaned_data["status"]:
            found = found.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["round"]:
            found = found.filter(round_id=form.cleaned_data["round"])
    context = {
        "workspace": membership.workspace,
        "form": form,
        "rows": rows(list(found)),
        "rounds": rounds,
        "statuses": ActionStatus.choices,
        "can_run": membership.can("run"),
    }
    return render(request, "actions/list.html", context)


@login_required
def new(request: HttpRequest, slug: str) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    round_ = _chosen_round(membership, request.GET.get("round", ""))
    if round_ is None:
        messages.error(request, gettext("Choose the round the action comes from."))
        return redirect("actions:list", slug)
    instrument = round_instrument(round_)
    kind, key, initial = _origin(instrument, request.GET, _lang(instrument))
    form = ActionForm(request.POST or None, initial=initial, dimensions=_dimensions(instrument))
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_action(round_, form.action_fields(), kind, key)
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, gettext("The action was saved."))
            return redirect("actions:list", slug)
    words = Words(instrument, _lang(instrument))
    source = words.source(Action(source_kind=kind, source_key=key), _names(round_))
    context = {"workspace": membership.workspace, "round": round_, "form": form, "source": source}
    return render(request, "actions/new.html", context)


@login_required
def edit(request: HttpRequest, slug: str, action_id: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    action = _get_action(membership, action_id)
    instrument = round_instrument(action.round)
    form = ActionForm(
        request.POST or None, initial=_current(action), dimensions=_dimensions(instrument)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_action(action, form.action_fields())
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, gettext("The action was saved."))
            return redirect("actions:list", slug)
    row = rows([action], Words(instrument, _lang(instrument)))[0]
    context = {"workspace": membership.workspace, "action": action, "row": row, "form": form}
    return render(request, "actions/edit.html", context)


@require_POST
@login_required
def change_status(request: HttpRequest, slug: str, action_id: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    action = _get_action(membership, action_id)
    try:
        changed = actions.set_action_status(action, request.POST.get("status", ""))
    except ActionError as error:
        messages.error(request, str(error))
    else:
        text = gettext("“%(title)s” — status: %(status)s.")
        status = ActionStatus(changed.status).label
        messages.success(request, text % {"title": changed.title, "status": status})
    return redirect(_back(request, slug))


# --- helpers ------------------------------------------------------------------------


def _get_action(membership: Membership, action_id: int) -> Action:
    """An action of the membership's workspace; any other workspace's is a 404."""
    found = (
        Action.objects.select_related("round")
        .filter(workspace=membership.workspace, pk=action_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _chosen_round(membership: Membership, value: str) -> Round | None:
    if not value.isdigit():
        return None
    return get_round(membership, int(value))


def _lang(instrument: Instrument) -> str:
    return get_language() or instrument.default_language


def _dimensions(instrument: Instrument) -> list[tuple[str, str]]:
    lang = _lang(instrument)
    return [(d.key, instrument.text(d.title, lang)) for d in instrument.walk_dimensions()]


def _names(round_: Round) -> dict[str, str]:
    return dict(round_.groups.values_list("key", "name"))


def _origin(instrument: Instrument, query: Any, lang: str) -> tuple[str, str, dict[str, Any]]:
    """The origin named in the address, and what it suggests for the form."""
    wanted = query.get("recommendation", "")
    found = next((r for r in instrument.recommendations if r.key == wanted), None)
    if found is not None:
        dims = [found.when.dimension] if found.when.dimension else []
        initial = {
            "title": instrument.text(found.title, lang),
            "notes": instrument.text(found.text, lang),
            "dimensions": dims,
        }
        return SourceKind.RECOMMENDATION, found.key, initial
    gap = query.get("gap", "").split(":")
    known = {d.key for d in instrument.walk_dimensions()}
    if len(gap) == 3 and gap[0] in known:
        return SourceKind.GAP, ":".join(gap), {"dimensions": [gap[0]]}
    if len(gap) == 3 and gap[0] == "" and all(gap[1:]):  # a gap in the overall score
        return SourceKind.GAP, ":".join(gap), {}
    return SourceKind.OWN, "", {}


def _current(action: Action) -> dict[str, Any]:
    names = ("title", "owner", "due_on", "status", "notes", "dimensions")
    return {name: getattr(action, name) for name in names}


def _back(request: HttpRequest, slug: str) -> str:
    """Where a status change returns to: the page it was made on, if it is in this workspace."""
    target = request.POST.get("next", "")
    if target.startswith(f"/w/{slug}/") and "//" not in target:
        return target
    return f"/w/{slug}/actions/"
