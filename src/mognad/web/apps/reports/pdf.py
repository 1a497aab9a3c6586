"""A round's report as PDF: the report template rendered in one language, then WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML

from mognad.web.apps.reports.content import report_context
from mognad.web.apps.rounds.models import Round

STYLESHEET = Path(__file__).with_name("report.css")


def report_html(round_: Round, lang: str) -> str:
    with translation.override(lang):
        return render_to_string("reports/report.html", report_context(round_, lang))


def write_pdf(html: str) -> tuple[bytes, int]:
    """The PDF and its number of pages. Everything it shows is inline: nothing is fetched."""
    document = HTML(string=html, url_fetcher=_refuse).render(
        stylesheets=[CSS(filename=str(STYLESHEET))]
    )
    return document.write_pdf(), len(document.pages)


def _refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"the report fetches nothing, not even {url}")
