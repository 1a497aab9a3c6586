"""Workspaces (one per organisation or client), their members and roles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    FACILITATOR = "facilitator", _("Facilitator")
    VIEWER = "viewer", _("Viewer")


# What each role may do; views ask `Membership.can(...)`, never compare roles themselves.
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset({"view", "run", "manage"}),
    Role.FACILITATOR: frozenset({"view", "run"}),
    Role.VIEWER: frozenset({"view"}),
}


class Workspace(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=80)
    benchmark_opt_in = models.BooleanField(_("share results in the benchmark pool"), default=False)
    created_on = models.DateField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS[self.role]


class MemberInvite(models.Model):
    """An e-mailed invitation to join a workspace; the link carries a token, stored hashed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_on = models.DateField(auto_now_add=True)
    accepted_on = models.DateField(null=True, blank=True)
