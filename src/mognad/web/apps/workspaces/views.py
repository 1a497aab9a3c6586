"""Pages of the workspaces app: the list, a workspace's dashboard, settings and members.

Every view reaches a workspace only through `access.get_membership`, so a workspace the
user does not belong to answers 404 and a role without the permission answers 403.
"""

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mognad.web.access import get_membership, login_required
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces import actions
from mognad.web.apps.workspaces.forms import InviteForm, RoleForm, SettingsForm, WorkspaceForm
from mognad.web.apps.workspaces.models import MemberInvite, Membership, Role, Workspace


@dataclass(frozen=True)
class Series:
    """The rounds of one instrument in a workspace: T0, T1, …"""

    instrument_id: str
    title: str  # the instrument's title in the reader's language, when it has it
    rounds: list[Round]


def _series(instrument_id: str, rounds: list[Round]) -> Series:
    instrument = round_instrument(rounds[-1])
    return Series(instrument_id, instrument.text(instrument.title, get_language()), rounds)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def workspace_list(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST) if request.method == "POST" else WorkspaceForm()
    if form.is_valid():
        workspace = actions.create_workspace(_user(request), form.cleaned_data["name"])
        return redirect("workspaces:detail", workspace.slug)
    memberships = (
        Membership.objects.filter(user=_user(request))
        .select_related("workspace")
        .order_by("workspace__name", "workspace__pk")
    )
    context = {"memberships": memberships, "form": form}
    return render(request, "workspaces/list.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    rounds = Round.objects.filter(workspace=membership.workspace).order_by(
        "instrument_id", "series_index", "pk"
    )
    series = [
        _series(instrument_id, list(group))
        for instrument_id, group in groupby(rounds, key=lambda round_: round_.instrument_id)
    ]
    return _render(request, "workspaces/detail.html", membership, {"series": series})


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, "manage")
    workspace = membership.workspace
    initial = {"name": workspace.name, "benchmark_opt_in": workspace.benchmark_opt_in}
    form = SettingsForm(request.POST) if request.method == "POST" else SettingsForm(initial=initial)
    if form.is_valid():
        actions.update_settings(workspace, **form.cleaned_data)
        messages.success(request, _("The settings are saved."))
        return redirect("workspaces:settings", slug)
    return _render(request, "workspaces/settings.html", membership, {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, "manage" if request.method == "POST" else "view")
    form = InviteForm(request.POST) if request.method == "POST" else InviteForm()
    if form.is_valid() and _invited(request, membership, form):
        return redirect("workspaces:members", slug)
    return _members_page(request, membership, form)


def _invited(request: HttpRequest, membership: Membership, form: InviteForm) -> bool:
    email = form.cleaned_data["email"]
    try:
        actions.invite_member(
            membership.workspace,
            _user(request),
            email,
            form.cleaned_data["role"],
            site_url=request.build_absolute_uri("/"),
        )
    except actions.AlreadyMemberError:
        form.add_error("email", _("This person is a member already."))
        return False
    messages.success(request, _("An invitation is on its way to %(email)s.") % {"email": email})
    return True


def _members_page(request: HttpRequest, membership: Membership, form: InviteForm) -> HttpResponse:
    workspace = membership.workspace
    context = {
        "members": workspace.memberships.select_related("user").order_by("user__email"),
        "invites": actions.pending(workspace).order_by("email"),
        "invite_form": form,
        "roles": Role.choices,
    }
    return _render(request, "workspaces/members.html", membership, context)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    membership = get_membership(request, slug, "manage")
    member = _member(membership.workspace, member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
    else:
        try:
            actions.change_role(member, form.cleaned_data["role"])
            messages.success(request, _("The role is changed."))
        except actions.LastOwnerError:
            messages.error(request, _("A workspace needs an owner: make someone else owner first."))
    return redirect("workspaces:members", slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    membership = get_membership(request, slug, "manage")
    member = _member(membership.workspace, member_id)
    try:
        actions.remove_member(member)
        messages.success(request, _("The member is removed."))
    except actions.LastOwnerError:
        messages.error(request, _("A workspace needs an owner: make someone else owner first."))
    return redirect("workspaces:members", slug)


@login_required
@require_POST
def invite_revoke(request: HttpRequest, slug: str, invite_id: int) -> HttpResponse:
    membership = get_membership(request, slug, "manage")
    invite = MemberInvite.objects.filter(workspace=membership.workspace, pk=invite_id).first()
    if invite is None:
        raise Http404
    actions.revoke_invite(invite)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("workspaces:members", slug)


def _member(workspace: Workspace, member_id: int) -> Membership:
    member = workspace.memberships.select_related("workspace").filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


@require_http_methods(["GET", "POST"])
def accept_invite(request: HttpRequest, token: str) -> HttpResponse:
    invite = actions.find_invite(token)
    if invite is None:
        return render(request, "workspaces/invite_invalid.html", status=404)
    if request.method == "POST" and request.user.is_authenticated:
        return _accept(request, token)
    return render(request, "workspaces/invite.html", {"invite": invite})


def _accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        membership = actions.accept_invite(token, _user(request))
    except actions.InvalidInviteError:
        return render(request, "workspaces/invite_invalid.html", status=404)
    name = membership.workspace.name
    messages.success(request, _("Welcome to %(workspace)s.") % {"workspace": name})
    return redirect("workspaces:detail", membership.workspace.slug)


def _render(
    request: HttpRequest, template: str, membership: Membership, context: dict[str, Any]
) -> HttpResponse:
    """A workspace page: every one knows its workspace and what the user may do there."""
    context |= {
        "workspace": membership.workspace,
        "membership": membership,
        "can_run": membership.can("run"),
        "can_manage": membership.can("manage"),
    }
    return render(request, template, context)
