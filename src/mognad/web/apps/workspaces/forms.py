"""Forms of the workspaces app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mognad.web.apps.workspaces.models import Role


class WorkspaceForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the organisation or team"),
        max_length=200,
        help_text=_("For example the name of your company, association or client."),
    )


class SettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    benchmark_opt_in = forms.BooleanField(
        label=_("Share our results in the benchmark"),
        required=False,
        help_text=_(
            "If you tick this, the scores of your rounds join a pool with those of other "
            "organisations that use the same questionnaire, so that each can compare itself "
            "with its peers. The benchmark shows only averages over at least five "
            "organisations, never single answers and never which organisations take part. "
            "You can untick it at any time."
        ),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.FACILITATOR,
        help_text=_(
            "Owners can do everything, including members and settings. Facilitators run "
            "rounds and read results. Viewers read results only."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
