"""Importing a survey from another tool: upload, read the report, then create the draft.

Nothing is stored until the author has seen what was kept and dropped: the upload
step shows the report and carries the converted instrument to the confirm step in
the form itself, where it is checked again like any other draft text.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mognad.core.io import InstrumentError, dump_instrument
from mognad.interop.importing import EXTENSIONS, MAX_BYTES, ImportFailed, import_instrument
from mognad.interop.report import ImportReport, ImportResult
from mognad.web.access import get_membership, login_required
from mognad.web.apps.library import actions
from mognad.web.apps.library.preview import item_count
from mognad.web.apps.workspaces.models import Membership

YAML_EXTENSIONS = (".yaml", ".yml")
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Survey file"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS + YAML_EXTENSIONS)}),
    )

    def clean_file(self) -> tuple[bytes, str]:
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name or "upload").name
        if (upload.size or 0) > MAX_BYTES:
            message = gettext("The file is larger than %(megabytes)s MB.")
            raise forms.ValidationError(message % {"megabytes": MAX_MEGABYTES})
        return upload.read(), name


class ConfirmForm(forms.Form):
    instrument = forms.CharField(widget=forms.HiddenInput, strip=False)


def import_help() -> str:
    return gettext(
        "XLSForm (%(xlsform)s), LimeSurvey, SurveyJS or Mognad YAML; at most %(megabytes)s MB."
    ) % {"xlsform": ".xlsx, .xls, .csv, .md", "megabytes": MAX_MEGABYTES}


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, "run")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, name = form.cleaned_data["file"]
        try:
            result = _read(data, name)
        except ImportFailed as error:
            form.add_error("file", str(error))
        else:
            return _confirm_page(request, membership, result)
    status = 400 if request.method == "POST" else 200
    context = {"workspace": membership.workspace, "form": form, "help": import_help()}
    return render(request, "library/import.html", context, status=status)


@login_required
@require_POST
def confirm(request: HttpRequest, slug: str) -> HttpResponseBase:
    membership = get_membership(request, slug, "run")
    form = ConfirmForm(request.POST)
    problems: list[str] = [gettext("The import was lost on the way; upload the file again.")]
    if form.is_valid():
        try:
            draft = actions.create_draft(
                membership.workspace, form.cleaned_data["instrument"], request.user
            )
        except InstrumentError as error:
            problems = [str(p) for p in error.problems]
        else:
            messages.success(
                request, gettext("The imported draft is ready: review it, then publish it.")
            )
            return redirect("library:draft", slug, draft.pk)
    context = {"workspace": membership.workspace, "form": ImportForm(), "help": import_help()}
    context["problems"] = problems
    return render(request, "library/import.html", context, status=400)


def _read(data: bytes, name: str) -> ImportResult:
    """The instrument in an uploaded file: another tool's survey, or Mognad's own YAML."""
    if PurePath(name).suffix.lower() not in YAML_EXTENSIONS:
        return import_instrument(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(name, "the file is not UTF-8 text; save it as UTF-8") from None
    try:
        instrument = actions.checked(text, name)
    except InstrumentError as error:
        raise ImportFailed(name, "; ".join(str(p) for p in error.problems[:20])) from None
    return ImportResult(instrument, ImportReport("Mognad YAML", name))


def _confirm_page(
    request: HttpRequest, membership: Membership, result: ImportResult
) -> HttpResponse:
    instrument = result.instrument
    context = {
        "workspace": membership.workspace,
        "report": result.report,
        "instrument": instrument,
        "title": instrument.text(instrument.title),
        "dimensions": [instrument.text(d.title) for d in instrument.dimensions],
        "items": item_count(instrument),
        "form": ConfirmForm(initial={"instrument": dump_instrument(instrument)}),
    }
    return render(request, "library/import_confirm.html", context)
