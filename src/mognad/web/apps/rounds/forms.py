"""Forms of the rounds pages: they check input; the actions make the changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mognad.core.model import Instrument
from mognad.web.apps.library.catalog import Entry, instrument_ref
from mognad.web.apps.library.views import language_name
from mognad.web.apps.rounds.actions import CLOSES_BEFORE_OPENS, STANDARD_GROUPS
from mognad.web.apps.rounds.addresses import AddressList, parse_addresses
from mognad.web.apps.rounds.models import K_DEFAULT, K_FLOOR, Round

MAX_UPLOAD_BYTES = 1_000_000
MAX_ADDRESSES = 5_000
CUSTOM_GROUPS = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class RoundSettingsForm(forms.Form):
    """What can change while a round is a draft."""

    title = forms.CharField(label=_("Title"), max_length=200)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    k = forms.IntegerField(
        label=_("Anonymity threshold (k)"),
        initial=K_DEFAULT,
        min_value=K_FLOOR,
        max_value=1000,
        help_text=_(
            "No result is shown for fewer than this many respondents. At least 3; it cannot "
            "change once the round opens."
        ),
        error_messages={
            "min_value": _("The anonymity threshold must be at least %(limit_value)s people.")
        },
    )
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["languages"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(code, language_name(code)) for code in instrument.languages]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", str(CLOSES_BEFORE_OPENS))
        return cleaned


class NewRoundForm(RoundSettingsForm):
    # Checked by the view, which finds the version among those the workspace can see.
    instrument = forms.CharField(label=_("Questionnaire"), widget=forms.Select)
    groups = forms.MultipleChoiceField(
        label=_("Groups"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(kind.value, kind.label) for kind in STANDARD_GROUPS],
        help_text=_("Each group gets its own link and its own results."),
    )
    custom_group_1 = forms.CharField(label=_("Your own group 1"), max_length=100, required=False)
    custom_group_2 = forms.CharField(label=_("Your own group 2"), max_length=100, required=False)
    custom_group_3 = forms.CharField(label=_("Your own group 3"), max_length=100, required=False)

    field_order = ["instrument", "title", "languages", "groups"]

    def __init__(
        self, *args: Any, instrument: Instrument, choices: list[Entry], **kwargs: Any
    ) -> None:
        super().__init__(*args, instrument=instrument, **kwargs)
        widget = self.fields["instrument"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [(instrument_ref(e.instrument), _choice_label(e)) for e in choices]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        names = self.custom_names()
        if len({name.casefold() for name in names}) < len(names):
            self.add_error("custom_group_1", gettext("Give each of your own groups its own name."))
        if not cleaned.get("groups") and not names:
            self.add_error("groups", gettext("Choose at least one group."))
        return cleaned

    def custom_names(self) -> list[str]:
        names = (self.cleaned_data.get(f"custom_group_{n}") for n in range(1, CUSTOM_GROUPS + 1))
        return [name.strip() for name in names if name and name.strip()]

    def group_entries(self) -> list[str]:
        """Standard group keys, then custom names: what `create_round` takes."""
        return [*self.cleaned_data["groups"], *self.custom_names()]


class InviteForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Group"), coerce=int)
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, or separated by commas or semicolons."),
    )
    file = forms.FileField(
        label=_("Or upload a list"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.csv,text/plain,text/csv"}),
        help_text=_("A .txt or .csv file of at most 1 MB and 5,000 addresses."),
    )

    def __init__(self, *args: Any, round_: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(g.pk, g.name) for g in round_.groups.all()]
        self.parsed = AddressList()
        self.invalid: list[str] = []

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return ""
        if not (upload.name or "").lower().endswith((".txt", ".csv")):
            raise forms.ValidationError(gettext("Upload a .txt or .csv file."))
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext("The file is larger than 1 MB."))
        try:
            content: bytes = upload.read()
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                gettext("Save the file as UTF-8 text and try again.")
            ) from None

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        pasted = parse_addresses(cleaned.get("addresses") or "")
        uploaded = parse_addresses(cleaned.get("file") or "")
        self.parsed = AddressList(pasted.addresses + uploaded.addresses)
        self.invalid = [_line(n, text) for n, text in pasted.invalid]
        self.invalid += [_line(n, text, in_file=True) for n, text in uploaded.invalid]
        self._check_count()
        return cleaned

    def _check_count(self) -> None:
        count = len(self.parsed.addresses)
        if count > MAX_ADDRESSES:
            message = gettext("That is %(count)s addresses; send at most %(max)s at a time.")
            self.add_error(None, message % {"count": count, "max": MAX_ADDRESSES})
        elif count == 0 and not self.errors:
            self.add_error("addresses", self._nothing_found())

    def _nothing_found(self) -> str:
        if not self.invalid:
            return gettext("Paste some e-mail addresses or choose a file.")
        return " ".join([gettext("No valid address found."), *self.invalid])


def _choice_label(entry: Entry) -> str:
    instrument = entry.instrument
    return f"{instrument.text(instrument.title)} ({instrument.id} {instrument.version})"


def _line(number: int, text: str, *, in_file: bool = False) -> str:
    if in_file:
        return gettext("File line %(number)s: “%(text)s” is not an e-mail address.") % {
            "number": number,
            "text": text,
        }
    return gettext("Line %(number)s: “%(text)s” is not an e-mail address.") % {
        "number": number,
        "text": text,
    }
