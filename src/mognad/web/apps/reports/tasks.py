"""Background work of reports: the PDF is made by the `db_worker`, not in a request."""

from __future__ import annotations

import logging

from django.tasks import task

from mognad.web.apps.reports.models import Report, ReportState
from mognad.web.apps.reports.pdf import report_html, write_pdf

logger = logging.getLogger(__name__)


@task
def build_report(report_id: int, basis: str) -> bool:
    """Makes the report's PDF; False when the report was asked for again meanwhile."""
    report = Report.objects.select_related("round__workspace").filter(pk=report_id).first()
    if report is None or report.basis != basis:
        return False
    _advance(report, ReportState.RUNNING, 10)
    try:
        html = report_html(report.round, report.language)
        _advance(report, ReportState.RUNNING, 40)
        pdf, pages = write_pdf(html)
    except Exception:
        logger.exception("report %s of round %s failed", report.pk, report.round_id)
        _advance(report, ReportState.FAILED, 0)
        raise
    # Only if nobody asked again while it was being made: a newer request wins.
    done = Report.objects.filter(pk=report.pk, basis=basis).update(
        state=ReportState.DONE, progress=100, pdf=pdf, pages=pages
    )
    return bool(done)


def _advance(report: Report, state: str, progress: int) -> None:
    Report.objects.filter(pk=report.pk, basis=report.basis).update(state=state, progress=progress)
