"""Forms of the action pages: they check input; the actions module makes the changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mognad.web.apps.actions.actions import ActionFields
from mognad.web.apps.actions.models import ActionStatus
from mognad.web.apps.rounds.forms import DateInput


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    owner = forms.CharField(
        label=_("Owner"),
        max_length=200,
        required=False,
        help_text=_("Who sees to it: a person, a team or a role."),
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions it aims at"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The next round shows how these dimensions changed."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, dimensions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dimensions"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = dimensions

    def action_fields(self) -> ActionFields:
        return ActionFields(**self.cleaned_data)


class FilterForm(forms.Form):
    """The action list's filters; an unknown value shows every action instead."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    round = forms.ChoiceField(label=_("Round"), required=False)

    def __init__(self, *args: Any, rounds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status, round_ = self.fields["status"], self.fields["round"]
        assert isinstance(status, forms.ChoiceField) and isinstance(round_, forms.ChoiceField)
        status.choices = [("", _("Any status")), *ActionStatus.choices]
        round_.choices = [("", _("Any round")), *rounds]
