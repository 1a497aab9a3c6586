"""PDF reports of a round, built in the background and kept until what they show changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mognad.web.apps.rounds.models import Round


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """One round's report in one language; the PDF lives in the database beside it.

    `basis` records what the report was made from (the number of responses and the
    last change to the round's actions), so asking again reuses the file until either
    changes.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    language = models.CharField(max_length=10)
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    basis = models.CharField(max_length=100, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    requested_on = models.DateField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "language"], name="one_report_per_language")
        ]
