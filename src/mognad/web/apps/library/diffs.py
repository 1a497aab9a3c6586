"""A diff worded for the page: translated kinds of change, fields shown as in the file."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mognad.core.diff import Change, InstrumentDiff

KINDS: dict[str, Promise] = {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}
THINGS: dict[str, Promise] = {
    "dimension": _("dimension"),
    "item": _("question"),
    "option": _("answer option"),
    "missing option": _("“don't know” option"),
    "scale label": _("scale label"),
    "level": _("level"),
    "phase": _("phase"),
    "recommendation": _("recommendation"),
    "scale": _("answer scale"),
    "language": _("language"),
    "text": _("text"),
}
SIZES: dict[str, Promise] = {"major": _("major"), "minor": _("minor"), "patch": _("patch")}


@dataclass(frozen=True)
class Row:
    kind: str  # added, removed or changed: the row's style
    change: str  # "Added question", or "Changed" and the field in `field`
    field: str
    element: str
    before: str
    after: str
    size: str


@dataclass(frozen=True)
class ShownDiff:
    structure: list[Row]
    texts: dict[str, list[Row]]

    @property
    def changes(self) -> bool:
        return bool(self.structure or self.texts)


def shown(diff: InstrumentDiff) -> ShownDiff:
    texts = {lang: [_row(c) for c in changes] for lang, changes in diff.texts().items()}
    return ShownDiff([_row(c) for c in diff.structure()], texts)


def _row(change: Change) -> Row:
    thing = THINGS.get(change.what)
    label = f"{KINDS[change.kind]} {thing}" if thing else str(KINDS[change.kind])
    return Row(
        kind=change.kind,
        change=label,
        field="" if thing else change.what,
        element=change.element,
        before=change.before,
        after=change.after,
        size=str(SIZES[change.bump]),
    )
