"""Downloads of a round's responses and scores (CSV, XLSX, JSON) and their codebook.

Rows come from `mognad.interop.exports`, which applies the anonymity gate; these views
only stream them. Exports hold one row per respondent, so they are for the people who
run rounds (owners and facilitators); viewers see the results page but get 403 here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from mognad.interop.exports import RoundExport, Source, Words, csv_chunks, json_chunks, write_xlsx
from mognad.web.access import get_membership, get_round, login_required
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Response, Round

CHUNK = 2000
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def export_csv(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    round_, export = _export(request, slug, round_id)
    header = [c.name for c in export.columns]
    body = csv_chunks(header, export.rows(_sources(round_)))
    return _streamed(body, CSV, _filename(round_, export, "responses.csv"))


@login_required
def export_json(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    round_, export = _export(request, slug, round_id)
    body = json_chunks(export, export.rows(_sources(round_)))
    return _streamed(body, "application/json", _filename(round_, export, "responses.json"))


@login_required
def export_xlsx(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    round_, export = _export(request, slug, round_id)
    # A temporary file that disappears when the response closes it; xlsxwriter keeps
    # only one row in memory at a time (constant_memory).
    target = tempfile.TemporaryFile()  # noqa: SIM115
    with translation.override(export.lang):
        sheets = (_("Responses"), _("Codebook"))
    write_xlsx(export, export.rows(_sources(round_)), target, sheets)
    target.seek(0)
    name = _filename(round_, export, "responses.xlsx")
    return FileResponse(target, as_attachment=True, filename=name, content_type=XLSX)


@login_required
def export_codebook(request: HttpRequest, slug: str, round_id: int) -> HttpResponseBase:
    round_, export = _export(request, slug, round_id)
    rows = export.codebook()
    return _streamed(csv_chunks(rows[0], rows[1:]), CSV, _filename(round_, export, "codebook.csv"))


def _export(request: HttpRequest, slug: str, round_id: int) -> tuple[Round, RoundExport]:
    membership = get_membership(request, slug, "run")
    round_ = get_round(membership, round_id)
    lang = request.GET.get("lang") or translation.get_language() or ""
    return round_, round_export(round_, lang)


def round_export(round_: Round, lang: str) -> RoundExport:
    """The export of the round in `lang` (the instrument's default if it lacks it)."""
    instrument = round_instrument(round_)
    lang = lang if lang in instrument.languages else instrument.default_language
    groups = list(round_.groups.values_list("key", "name"))
    sizes = {key: 0 for key, _ in groups}
    counts = Response.objects.filter(round=round_).values("group__key").annotate(n=Count("pk"))
    sizes.update({row["group__key"]: row["n"] for row in counts})
    with translation.override(lang):
        words = _words()
    return RoundExport(instrument, lang, words, dict(groups), sizes, round_.k)


def _words() -> Words:
    return Words(
        column=_("column"),
        description=_("description"),
        values=_("values"),
        group=_("Group"),
        other_groups=_("Other groups"),
        overall=_("Overall score, 0–100"),
        level=_("Level of the overall score"),
        phase=_("Phase"),
        score=_("score, 0–100"),
        ticked=_("the options ticked, separated by ;"),
        free_text=_("free text, only from groups of at least 10 people"),
        blank=_("empty: not answered, not shown or not shown for anonymity"),
    )


def _sources(round_: Round) -> Iterator[Source]:
    """The round's responses in the order of their random ids, which says nothing of time."""
    key_of = dict(round_.groups.values_list("id", "key"))
    rows = Response.objects.filter(round=round_).order_by("pk")
    for group_id, answers, scores in rows.values_list("group_id", "answers", "scores").iterator(
        chunk_size=CHUNK
    ):
        yield Source(key_of[group_id], answers, scores)


def _streamed(body: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(round_: Round, export: RoundExport, suffix: str) -> str:
    return f"{round_.instrument_id}-t{round_.series_index}-{export.lang}-{suffix}"
