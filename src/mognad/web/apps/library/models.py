"""Instruments stored in the database: a workspace's drafts and its published versions.

The built-in instruments stay files (mognad.instruments) and appear in every library.
An instrument id belongs to the workspace that first drafted or published it; a
published version never changes, and `(instrument_id, version)` names one version on
the whole server. Lineage is the parent id and version each draft and version records.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mognad.web.apps.workspaces.models import Workspace


class Visibility(models.TextChoices):
    WORKSPACE = "workspace", _("This workspace")
    PUBLIC = "public", _("Everyone on this server")


class InstrumentDraft(models.Model):
    """An instrument being written: its YAML text, editable until it is published."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="instrument_drafts"
    )
    instrument_id = models.CharField(max_length=64)
    yaml = models.TextField()
    parent_id = models.CharField(max_length=64, blank=True)
    parent_version = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_on = models.DateField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "instrument_id"], name="one_draft_per_instrument"
            )
        ]
        ordering = ["instrument_id"]

    def __str__(self) -> str:
        return f"{self.instrument_id} (draft)"


class InstrumentVersion(models.Model):
    """A published, immutable version of an instrument."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="instrument_versions"
    )
    instrument_id = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    yaml = models.TextField()
    visibility = models.CharField(
        _("shared with"), max_length=10, choices=Visibility.choices, default=Visibility.WORKSPACE
    )
    parent_id = models.CharField(max_length=64, blank=True)
    parent_version = models.CharField(max_length=32, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_on = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_id", "version"], name="one_version_per_number"
            )
        ]
        ordering = ["instrument_id", "id"]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.version}"
