"""Asking for a report; the function owns its transaction, the task does the work."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from mognad.web.apps.actions.models import Action
from mognad.web.apps.reports.models import Report, ReportState
from mognad.web.apps.reports.tasks import build_report
from mognad.web.apps.rounds.models import Response, Round


class ReportError(Exception):
    """A report that cannot be made, with a message for the person who asked."""


def report_languages(round_: Round) -> list[str]:
    """The round's languages that the report's own words exist in."""
    known = {code for code, _name in settings.LANGUAGES}
    return [code for code in round_.languages if code in known]


def basis(round_: Round) -> str:
    """What a report shows changes with: the answers and the round's actions."""
    responses = Response.objects.filter(round=round_).count()
    actions = Action.objects.filter(workspace_id=round_.workspace_id).order_by("pk")
    digest = hashlib.sha256(repr(list(actions.values_list())).encode()).hexdigest()[:16]
    return f"{responses}:{digest}"


def request_report(round_: Round, language: str) -> Report:
    """The round's report in `language`: the stored one if nothing changed, else a new one.

    A report already being made from the same basis is not started twice.
    """
    if language not in report_languages(round_):
        raise ReportError(gettext("The report is not available in that language."))
    current = basis(round_)
    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(
            round=round_, language=language, defaults={"basis": current}
        )
        if not created and report.basis == current and report.state != ReportState.FAILED:
            return report
        report.basis, report.state, report.progress = current, ReportState.QUEUED, 0
        report.pdf, report.pages = None, None
        report.save(update_fields=["basis", "state", "progress", "pdf", "pages", "requested_on"])
        transaction.on_commit(lambda: build_report.enqueue(report.pk, current))
    return report
