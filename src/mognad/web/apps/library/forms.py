"""Forms of the library pages: they check input; the actions make the changes."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mognad.core import yamlsafe


class UploadYamlForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file (YAML)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}),
        help_text=_("The draft's YAML file, edited elsewhere. At most 2 MB."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        assert isinstance(upload, UploadedFile)
        return read_text(upload, yamlsafe.MAX_BYTES)


def read_text(upload: UploadedFile[bytes], limit: int) -> str:
    """An uploaded file's UTF-8 text, refused when larger than `limit` bytes."""
    if (upload.size or 0) > limit:
        message = gettext("The file is larger than %(megabytes)s MB.")
        raise forms.ValidationError(message % {"megabytes": limit // (1024 * 1024)})
    try:
        content: bytes = upload.read()
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = gettext("The file is not UTF-8 text (byte %(position)s); save it as UTF-8.")
        raise forms.ValidationError(message % {"position": error.start + 1}) from None


class PublishForm(forms.Form):
    version = forms.CharField(
        label=_("Version number"),
        max_length=32,
        help_text=_("Three numbers, major.minor.patch. Not lower than the suggested one."),
    )
