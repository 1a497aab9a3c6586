"""The translation view: every text of a draft, the source language beside the target.

With the completeness meter per language, adding and removing languages, and the
strings as an XLSX workbook for translators (export, and import back).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from mognad.core import edit
from mognad.core.model import Instrument
from mognad.core.strings import String, strings, translation_completeness
from mognad.interop.translations_xlsx import (
    MAX_BYTES,
    MAX_TEXT,
    TranslationFileError,
    export_translations,
    import_translations,
)
from mognad.web.access import login_required
from mognad.web.apps.library.editing import save_edited_draft
from mognad.web.apps.library.editor import editable_draft
from mognad.web.apps.library.models import InstrumentDraft
from mognad.web.apps.library.views import language_name
from mognad.web.apps.workspaces.models import Membership

LANGUAGE = forms.RegexField(
    regex=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    label=gettext_lazy("Language code"),
    help_text=gettext_lazy("A code such as nl, fi or pt-BR."),
    error_messages={"invalid": gettext_lazy("Give a language code such as nl, fi or pt-BR.")},
)


class AddLanguageForm(forms.Form):
    code = LANGUAGE


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Translated workbook (.xlsx)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(limit)s MiB.") % {"limit": MAX_BYTES // 2**20}
            )
        return bytes(upload.read())


@dataclass(frozen=True)
class Meter:
    code: str
    name: str
    percent: int
    default: bool


@dataclass(frozen=True)
class Row:
    string: String
    id: str
    source: str
    target: str
    messages: list[str]


def meters(instrument: Instrument) -> list[Meter]:
    share = translation_completeness(instrument)
    return [
        Meter(
            code, language_name(code), int(share[code] * 100), code == instrument.default_language
        )
        for code in instrument.languages
    ]


def _pair(request: HttpRequest, instrument: Instrument) -> tuple[str, str]:
    langs = instrument.languages
    source = request.GET.get("source", "")
    source = source if source in langs else instrument.default_language
    others = [code for code in langs if code != source] or [source]
    target = request.GET.get("target", "")
    return source, target if target in langs else others[0]


@login_required
def translate_view(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponseBase:
    membership, draft, instrument = editable_draft(request, slug, instrument_draft)
    source, target = _pair(request, instrument)
    if request.method != "POST":
        return _render(request, membership, draft, instrument, source, target)
    texts = {
        s.key: str(request.POST.get(f"s-{s.key}", ""))
        for s in strings(instrument)
        if f"s-{s.key}" in request.POST
    }
    too_long = {k for k, text in texts.items() if len(text.strip()) > MAX_TEXT}
    if too_long:
        extra = {"posted": request.POST, "too_long": too_long}
        return _render(request, membership, draft, instrument, source, target, extra, 400)
    save_edited_draft(draft, edit.translate(instrument, target, texts))
    messages.success(request, gettext("The translation was saved."))
    return redirect(f"{_url(slug, draft)}?source={source}&target={target}")


def _url(slug: str, draft: InstrumentDraft, name: str = "translate") -> str:
    return reverse(f"library:{name}", args=[slug, draft.pk])


def _render(
    request: HttpRequest,
    membership: Membership,
    draft: InstrumentDraft,
    instrument: Instrument,
    source: str,
    target: str,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    extra = extra or {}
    only_missing = request.GET.get("missing") == "1"
    rows = _rows(instrument, source, target, extra.get("posted"), extra.get("too_long", set()))
    if only_missing:
        rows = [r for r in rows if not r.string.get(target).strip()]
    context = {
        "workspace": membership.workspace,
        "draft": draft,
        "instrument": instrument,
        "title": instrument.text(instrument.title),
        "meters": meters(instrument),
        "source": source,
        "target": target,
        "rows": rows,
        "only_missing": only_missing,
        "add_form": extra.get("add_form") or AddLanguageForm(),
        "import_form": extra.get("import_form") or ImportForm(),
        "import_problems": extra.get("import_problems", []),
        "draft_languages": [(c, language_name(c)) for c in instrument.languages],
    }
    return render(request, "library/editor/translate.html", context, status=status)


def _rows(
    instrument: Instrument, source: str, target: str, posted: Any, too_long: set[str]
) -> list[Row]:
    long_message = gettext("At most %(limit)s characters.") % {"limit": MAX_TEXT}
    rows = []
    for i, string in enumerate(strings(instrument)):
        value = string.get(target)
        if posted is not None and f"s-{string.key}" in posted:
            value = str(posted[f"s-{string.key}"])
        shown = [long_message] if string.key in too_long else []
        rows.append(Row(string, f"s-{i}", string.get(source), value, shown))
    return rows


@login_required
@require_POST
def languages_view(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponseBase:
    membership, draft, instrument = editable_draft(request, slug, instrument_draft)
    source, _ = _pair(request, instrument)
    if request.POST.get("action") == "remove":
        code = request.POST.get("code", "")
        try:
            save_edited_draft(draft, edit.remove_language(instrument, code))
        except edit.EditError:
            messages.error(request, gettext("The default language cannot be removed."))
        return redirect(_url(slug, draft))
    form = AddLanguageForm(request.POST)
    if not form.is_valid():
        extra = {"add_form": form}
        return _render(request, membership, draft, instrument, source, source, extra, 400)
    code = form.cleaned_data["code"]
    save_edited_draft(draft, edit.add_language(instrument, code))
    messages.success(
        request, gettext("%(language)s was added.") % {"language": language_name(code)}
    )
    return redirect(f"{_url(slug, draft)}?source={instrument.default_language}&target={code}")


@login_required
@require_GET
def export_view(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponse:
    _, draft, instrument = editable_draft(request, slug, instrument_draft)
    response = HttpResponse(
        export_translations(instrument),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{draft.instrument_id}-strings.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def import_view(request: HttpRequest, slug: str, instrument_draft: int) -> HttpResponseBase:
    membership, draft, instrument = editable_draft(request, slug, instrument_draft)
    source, target = _pair(request, instrument)
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = request.FILES.get("file")
        name = str(getattr(upload, "name", "") or "workbook.xlsx")
        try:
            imported = import_translations(instrument, form.cleaned_data["file"], name)
        except TranslationFileError as error:
            problems = error.problems
        else:
            save_edited_draft(draft, imported)
            messages.success(request, gettext("The workbook's translations were saved."))
            return redirect(f"{_url(slug, draft)}?source={source}&target={target}")
    extra = {"import_form": form, "import_problems": problems}
    return _render(request, membership, draft, instrument, source, target, extra, 400)
