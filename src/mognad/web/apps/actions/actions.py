"""Every change to actions goes through these functions; each owns its transaction.

A value the action cannot take raises `ActionError`, whose message names the field and
is meant for the person who typed it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from mognad.web.apps.actions.models import Action, ActionStatus, SourceKind
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round


class ActionError(Exception):
    """A value an action cannot take; `field` names the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ActionFields:
    """What a facilitator types about an action."""

    title: str
    owner: str = ""
    due_on: datetime.date | None = None
    status: str = ActionStatus.PLANNED
    notes: str = ""
    dimensions: Sequence[str] = ()


def create_action(
    round_: Round,
    fields: ActionFields,
    source_kind: str = SourceKind.OWN,
    source_key: str = "",
) -> Action:
    """A new action taken from `round_`'s results."""
    dimensions = _checked(round_, fields)
    if source_kind not in SourceKind.values:
        raise ActionError("source_kind", gettext("Unknown origin of an action."))
    with transaction.atomic():
        return Action.objects.create(
            workspace_id=round_.workspace_id,
            round=round_,
            title=fields.title.strip(),
            owner=fields.owner.strip(),
            due_on=fields.due_on,
            status=fields.status,
            notes=fields.notes,
            dimensions=dimensions,
            source_kind=source_kind,
            source_key=source_key[:200],
        )


def update_action(action: Action, fields: ActionFields) -> Action:
    """Changes everything a facilitator can type about an action; its origin stays."""
    dimensions = _checked(action.round, fields)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        locked.title, locked.owner = fields.title.strip(), fields.owner.strip()
        locked.due_on, locked.status = fields.due_on, fields.status
        locked.notes, locked.dimensions = fields.notes, dimensions
        names = ["title", "owner", "due_on", "status", "notes", "dimensions", "updated_on"]
        locked.save(update_fields=names)
    return locked


def set_action_status(action: Action, status: str) -> Action:
    """Moves an action to `status` (planned, doing, done or dropped)."""
    _check_status(status)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        locked.status = status
        locked.save(update_fields=["status", "updated_on"])
    return locked


def _checked(round_: Round, fields: ActionFields) -> list[str]:
    if not fields.title.strip():
        raise ActionError("title", gettext("Give the action a title."))
    _check_status(fields.status)
    known = [d.key for d in round_instrument(round_).walk_dimensions()]
    unknown = [key for key in fields.dimensions if key not in known]
    if unknown:
        message = gettext("Not a dimension of this questionnaire: %(keys)s.")
        raise ActionError("dimensions", message % {"keys": ", ".join(unknown)})
    return [key for key in known if key in fields.dimensions]


def _check_status(status: str) -> None:
    if status not in ActionStatus.values:
        raise ActionError("status", gettext("Unknown status: %(status)s.") % {"status": status})
