"""Actions: follow-ups a workspace takes from a round's results, carried into the next round."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces.models import Workspace


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DOING = "doing", _("Doing")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# Still to be worked on: shown beside the dimensions when the next round opens.
OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.DOING)


class SourceKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    GAP = "gap", _("Group gap")
    OWN = "own", _("Own idea")


class Action(models.Model):
    """A follow-up taken from one round's results, aimed at some of its dimensions."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="actions")
    # The round whose results it came from; its series is where its effect is measured.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)
    dimensions = models.JSONField(default=list)  # dimension keys of the round's instrument
    source_kind = models.CharField(
        max_length=20, choices=SourceKind.choices, default=SourceKind.OWN
    )
    # The recommendation's key, or "dimension:group:group" for a gap.
    source_key = models.CharField(max_length=200, blank=True)
    created_on = models.DateField(auto_now_add=True)
    updated_on = models.DateField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["workspace", "status"], name="action_workspace_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
