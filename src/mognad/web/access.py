"""The one way views reach workspace data: every lookup is scoped to the user's membership.

A workspace the user does not belong to, and anything inside it, answers 404 — the
same as something that does not exist, so ids and slugs reveal nothing. A member
whose role lacks a permission gets 403.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces.models import Membership

__all__ = ["get_membership", "get_round", "login_required"]


def get_membership(request: HttpRequest, slug: str, permission: str = "view") -> Membership:
    """The user's membership of workspace `slug`, which must grant `permission`."""
    if not request.user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("workspace")
        .filter(workspace__slug=slug, user=request.user)
        .first()
    )
    if membership is None:
        raise Http404
    if not membership.can(permission):
        raise PermissionDenied
    return membership


def get_round(membership: Membership, round_id: int) -> Round:
    """A round of the membership's workspace; a round of any other workspace is a 404."""
    found = Round.objects.filter(workspace=membership.workspace, pk=round_id).first()
    if found is None:
        raise Http404
    return found
