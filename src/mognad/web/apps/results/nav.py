"""The results page's sections, in the order of its section navigation."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    current: bool


# (URL name in the results namespace, title). Each section is a page of its own, so
# every state has a URL and works without JavaScript.
SECTIONS: list[tuple[str, Promise]] = [
    ("round", _("Overview")),
    ("gaps", _("Gaps")),
    ("progress", _("Progress")),
    ("benchmark", _("Benchmark")),
    ("saydo", _("Say and do")),
    ("themes", _("Open answers")),
    # The actions section comes here: ("actions", _("Actions")), with its URL in the
    # results namespace (or add a Link below with any URL).
]


def links(slug: str, round_id: int, current: str) -> list[Link]:
    return [
        Link(reverse(f"results:{name}", args=[slug, round_id]), str(title), name == current)
        for name, title in SECTIONS
    ]
