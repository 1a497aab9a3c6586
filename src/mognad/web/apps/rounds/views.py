"""The facilitator's rounds: start one, open and close it, invite people, follow participation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_POST

from mognad.core.model import Instrument
from mognad.instruments import builtin_instruments
from mognad.web.access import get_membership, get_round, login_required
from mognad.web.apps.actions.carried import open_actions_by_dimension
from mognad.web.apps.library.catalog import entries, find_entry, instrument_ref, runnable
from mognad.web.apps.library.views import language_name
from mognad.web.apps.rounds import actions
from mognad.web.apps.rounds.actions import RoundError, group_link_token
from mognad.web.apps.rounds.forms import InviteForm, NewRoundForm, RoundSettingsForm
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Invitation, Response, Round, RoundGroup, RoundState
from mognad.web.apps.workspaces.models import Membership, Workspace
from mognad.web.lineage import series_rounds

INVITATIONS_PER_PAGE = 200
INVALID_LINES_SHOWN = 50


@dataclass(frozen=True)
class GroupRow:
    group: RoundGroup
    link: str
    answered: int
    invited: int


@login_required
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    rounds = Round.objects.filter(workspace=membership.workspace).order_by(
        "instrument_id", "series_index"
    )
    context = {
        "workspace": membership.workspace,
        "rounds": rounds,
        "can_run": membership.can("run"),
    }
    return render(request, "rounds/list.html", context)


@login_required
def new(request: HttpRequest, slug: str) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    instrument = _chosen_instrument(request, membership.workspace)
    initial: dict[str, Any] = {
        "instrument": instrument_ref(instrument),
        "title": instrument.text(instrument.title),
        "languages": list(instrument.languages),
        "groups": ["leadership", "staff"],
    }
    choices = entries(membership.workspace)
    form = NewRoundForm(
        request.POST or None, instrument=instrument, choices=choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = actions.create_round(
                membership.workspace, instrument, form.cleaned_data["title"],
                form.cleaned_data["languages"], form.group_entries(), form.cleaned_data["k"],
                form.cleaned_data["opens_on"], form.cleaned_data["closes_on"],
            )  # fmt: skip
        except RoundError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("The round was created as a draft."))
            return redirect("rounds:detail", slug, round_.pk)
    context = {"workspace": membership.workspace, "form": form, "instrument": instrument}
    return render(request, "rounds/new.html", context)


@login_required
def detail(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    round_ = get_round(membership, round_id)
    return _render_detail(request, membership, round_, InviteForm(round_=round_))


@login_required
def edit(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    round_ = get_round(membership, round_id)
    if round_.state != RoundState.DRAFT:
        messages.error(request, gettext("Only a draft round can be edited."))
        return redirect("rounds:detail", slug, round_.pk)
    instrument = round_instrument(round_)
    form = RoundSettingsForm(request.POST or None, instrument=instrument, initial=_settings(round_))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_round(round_, **form.cleaned_data)
        except RoundError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("The round was saved."))
            return redirect("rounds:detail", slug, round_.pk)
    context = {"workspace": membership.workspace, "round": round_, "form": form}
    return render(request, "rounds/edit.html", context)


@require_POST
@login_required
def open_round(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    return _transition(request, slug, round_id, actions.open_round, gettext("The round is open."))


@require_POST
@login_required
def close_round(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    return _transition(
        request, slug, round_id, actions.close_round, gettext("The round is closed.")
    )


@require_POST
@login_required
def invite(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    round_ = get_round(membership, round_id)
    form = InviteForm(request.POST, request.FILES, round_=round_)
    if not form.is_valid():
        return _render_detail(request, membership, round_, form)
    group = round_.groups.get(pk=form.cleaned_data["group"])
    try:
        created, skipped = actions.invite_people(
            round_, group, form.parsed.addresses, base_url=_base_url(request)
        )
    except RoundError as error:
        messages.error(request, str(error))
    else:
        _report_invitations(request, len(created), len(skipped), form.invalid)
    return redirect("rounds:detail", slug, round_.pk)


@require_POST
@login_required
def remind(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    round_ = get_round(membership, round_id)
    try:
        count = actions.send_reminders(round_, base_url=_base_url(request))
    except RoundError as error:
        messages.error(request, str(error))
    else:
        text = ngettext(
            "A reminder with a new link is being sent to %(count)s person.",
            "Reminders with new links are being sent to %(count)s people.",
            count,
        )
        messages.success(request, text % {"count": count})
    return redirect("rounds:detail", slug, round_.pk)


# --- helpers ------------------------------------------------------------------------


def _chosen_instrument(request: HttpRequest, workspace: Workspace) -> Instrument:
    """The chosen version ("id@version", or "id" for its newest), in its complete languages."""
    wanted = request.POST.get("instrument") or request.GET.get("instrument") or ""
    instrument_id, _, version = wanted.partition("@")
    entry = find_entry(workspace, instrument_id, version or None)
    return runnable(entry.instrument if entry else builtin_instruments()[0])


def _settings(round_: Round) -> dict[str, Any]:
    fields = ("title", "languages", "k", "opens_on", "closes_on")
    return {name: getattr(round_, name) for name in fields}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _transition(
    request: HttpRequest, slug: str, round_id: int, action: Any, done: str
) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    round_ = get_round(membership, round_id)
    try:
        action(round_)
    except RoundError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("rounds:detail", slug, round_.pk)


def _report_invitations(
    request: HttpRequest, created: int, skipped: int, invalid: list[str]
) -> None:
    sent = ngettext(
        "%(count)s invitation is being sent.", "%(count)s invitations are being sent.", created
    )
    messages.success(request, sent % {"count": created})
    if skipped:
        text = ngettext(
            "%(count)s address was skipped: already invited.",
            "%(count)s addresses were skipped: already invited.",
            skipped,
        )
        messages.info(request, text % {"count": skipped})
    for line in invalid[:INVALID_LINES_SHOWN]:
        messages.warning(request, line)
    if len(invalid) > INVALID_LINES_SHOWN:
        more = len(invalid) - INVALID_LINES_SHOWN
        messages.warning(request, gettext("… and %(count)s more.") % {"count": more})


def _render_detail(
    request: HttpRequest, membership: Membership, round_: Round, form: InviteForm
) -> HttpResponse:
    invitations = Invitation.objects.filter(round=round_).select_related("group").order_by("email")
    page = Paginator(invitations, INVITATIONS_PER_PAGE).get_page(request.GET.get("invitations"))
    context = {
        "workspace": membership.workspace,
        "round": round_,
        "instrument_title": _instrument_title(round_),
        "language_names": [language_name(code) for code in round_.languages],
        "groups": _group_rows(request, round_),
        "invitations": page,
        "unused": Invitation.objects.filter(round=round_, used_on__isnull=True).count(),
        "series": series_rounds(round_.workspace_id, round_.instrument_id),
        "form": form,
        "can_run": membership.can("run"),
        "carried": open_actions_by_dimension(round_, get_language() or ""),
    }
    return render(request, "rounds/detail.html", context)


def _instrument_title(round_: Round) -> str:
    instrument = round_instrument(round_)
    return instrument.text(instrument.title)


def _group_rows(request: HttpRequest, round_: Round) -> list[GroupRow]:
    answered = _counts(Response.objects.filter(round=round_))
    invited = _counts(Invitation.objects.filter(round=round_))
    return [
        GroupRow(
            group=group,
            link=request.build_absolute_uri(f"/r/{group_link_token(group)}/"),
            answered=answered.get(group.pk, 0),
            invited=invited.get(group.pk, 0),
        )
        for group in round_.groups.all()
    ]


def _counts(rows: Any) -> dict[int, int]:
    return dict(rows.order_by().values_list("group_id").annotate(n=Count("pk")))
