"""Writes of the workspaces app: each function owns its transaction.

Callers check permissions (views through `access.get_membership`); these functions keep
the invariants that hold whoever calls them: unique slugs, a creator who owns, and at
least one owner in every workspace.
"""

import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify

from mognad.web.apps.workspaces.models import MemberInvite, Membership, Role, Workspace
from mognad.web.apps.workspaces.tasks import send_member_invite
from mognad.web.tokens import hash_token, new_token

# Words the workspace URLs use next to slugs (/w/invite/<token>/).
RESERVED_SLUGS = frozenset({"invite", "new"})
SLUG_BASE_LENGTH = 60
INVITE_VALID_DAYS = 14
CREATE_ATTEMPTS = 3


class LastOwnerError(Exception):
    """The change would leave the workspace without an owner."""


class AlreadyMemberError(Exception):
    """The address belongs to someone who is a member already."""


class InvalidInviteError(Exception):
    """The invitation token is unknown, used or expired."""


def create_workspace(user: User, name: str) -> Workspace:
    """A new workspace with a slug made from its name, owned by `user`."""
    name = name.strip()
    base = slugify(name)[:SLUG_BASE_LENGTH].strip("-") or "workspace"
    for attempt in range(CREATE_ATTEMPTS):
        try:
            with transaction.atomic():
                workspace = Workspace.objects.create(name=name, slug=_free_slug(base))
                Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
                return workspace
        except IntegrityError:
            # Someone took the same slug in the meantime: pick the next free one.
            if attempt == CREATE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _free_slug(base: str) -> str:
    taken = set(Workspace.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def update_settings(workspace: Workspace, name: str, benchmark_opt_in: bool) -> Workspace:
    """Renames the workspace (its slug, and so its URLs, stay) and sets the benchmark choice."""
    with transaction.atomic():
        workspace.name = name.strip()
        workspace.benchmark_opt_in = benchmark_opt_in
        workspace.save(update_fields=["name", "benchmark_opt_in"])
    return workspace


def invite_member(
    workspace: Workspace, by_user: User, email: str, role: str, *, site_url: str
) -> MemberInvite:
    """Records an invitation and queues its e-mail; an earlier pending one to the address goes.

    `site_url` (scheme and host) starts the link in the e-mail.
    """
    email = email.strip().lower()
    with transaction.atomic():
        if workspace.memberships.filter(user__username__iexact=email).exists():
            raise AlreadyMemberError(email)
        pending(workspace).filter(email=email).delete()
        # This token is never shown: the e-mail task replaces it with the one it sends, so
        # the plain token is never stored, not even in the task queue.
        invite = MemberInvite.objects.create(
            workspace=workspace,
            email=email,
            role=Role(role),
            token_hash=hash_token(new_token()),
            invited_by=by_user,
        )
        # The database task backend stores the task in this same transaction, so the
        # worker cannot run it before the invitation exists.
        send_member_invite.enqueue(invite.pk, site_url, translation.get_language() or "en")
    return invite


def pending(workspace: Workspace) -> QuerySet[MemberInvite]:
    """The workspace's invitations that can still be accepted."""
    return workspace.invites.filter(accepted_on__isnull=True, created_on__gte=_oldest_valid())


def _oldest_valid() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=INVITE_VALID_DAYS)


def find_invite(token: str) -> MemberInvite | None:
    """The pending invitation behind a link's token, if it can still be accepted."""
    found = MemberInvite.objects.select_related("workspace").filter(
        token_hash=hash_token(token), accepted_on__isnull=True, created_on__gte=_oldest_valid()
    )
    return found.first()


def accept_invite(token: str, user: User) -> Membership:
    """Makes `user` a member with the invitation's role; a member keeps the role they have."""
    with transaction.atomic():
        invite = (
            MemberInvite.objects.select_for_update()
            .filter(
                token_hash=hash_token(token),
                accepted_on__isnull=True,
                created_on__gte=_oldest_valid(),
            )
            .first()
        )
        if invite is None:
            raise InvalidInviteError
        membership, _ = Membership.objects.get_or_create(
            workspace_id=invite.workspace_id, user=user, defaults={"role": invite.role}
        )
        invite.accepted_on = timezone.localdate()
        invite.save(update_fields=["accepted_on"])
    return membership


def revoke_invite(invite: MemberInvite) -> None:
    with transaction.atomic():
        invite.delete()


def change_role(membership: Membership, role: str) -> Membership:
    """Gives the member another role; the last owner cannot step down."""
    with transaction.atomic():
        _refuse_if_last_owner(membership, Role(role))
        membership.role = Role(role)
        membership.save(update_fields=["role"])
    return membership


def remove_member(membership: Membership) -> None:
    """Removes the member from the workspace; the last owner cannot be removed."""
    with transaction.atomic():
        _refuse_if_last_owner(membership, None)
        membership.delete()


def _refuse_if_last_owner(membership: Membership, new_role: Role | None) -> None:
    # Locking the owners' rows serialises two owners demoting each other at once.
    owner_ids = list(
        Membership.objects.select_for_update()
        .filter(workspace_id=membership.workspace_id, role=Role.OWNER)
        .values_list("pk", flat=True)
    )
    if new_role != Role.OWNER and owner_ids == [membership.pk]:
        raise LastOwnerError
