"""A round's PDF report: ask for it in a language, follow its progress, download it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from mognad.web.access import get_membership, get_round, login_required
from mognad.web.apps.library.views import language_name
from mognad.web.apps.reports.actions import ReportError, report_languages, request_report
from mognad.web.apps.reports.models import Report, ReportState
from mognad.web.apps.workspaces.models import Membership

POLL_SECONDS = 2


@login_required
def report_page(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    """GET: the languages and the reports made so far; POST: ask for one."""
    membership = get_membership(request, slug, "run" if request.method == "POST" else "view")
    round_ = get_round(membership, round_id)
    if request.method == "POST":
        try:
            report = request_report(round_, request.POST.get("language", ""))
        except ReportError as error:
            messages.error(request, str(error))
        else:
            return redirect("reports:status", slug, report.pk)
    made = {r.language: r for r in Report.objects.filter(round=round_).defer("pdf")}
    languages = [(code, language_name(code), made.get(code)) for code in report_languages(round_)]
    context = {
        "workspace": membership.workspace,
        "round": round_,
        "report_languages": languages,
        "can_run": membership.can("run"),
    }
    return render(request, "reports/request.html", context)


@require_GET
@login_required
def status(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    membership = get_membership(request, slug, "view")
    report = _get_report(membership, report_id)
    context = {
        "workspace": membership.workspace,
        "round": report.round,
        "report": report,
        "language": language_name(report.language),
        "waiting": report.state in (ReportState.QUEUED, ReportState.RUNNING),
        "poll_seconds": POLL_SECONDS,
    }
    partial = request.headers.get("HX-Request") == "true"
    response = render(
        request, "reports/_status.html" if partial else "reports/status.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@login_required
def download(request: HttpRequest, slug: str, report_id: int) -> HttpResponseBase:
    membership = get_membership(request, slug, "view")
    report = _get_report(membership, report_id, with_pdf=True)
    if report.state != ReportState.DONE or report.pdf is None:
        return redirect("reports:status", slug, report.pk)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    name = f"mognad-{report.round.pk}-{report.round.label}-{report.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _get_report(membership: Membership, report_id: int, with_pdf: bool = False) -> Report:
    """A report of a round of the membership's workspace; any other is a 404."""
    found = Report.objects.select_related("round").filter(
        round__workspace=membership.workspace, pk=report_id
    )
    report = (found if with_pdf else found.defer("pdf")).first()
    if report is None:
        raise Http404
    return report
