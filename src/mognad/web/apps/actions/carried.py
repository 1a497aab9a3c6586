"""Actions as later rounds see them: beside their dimensions, and with the change since.

A dimension's change is this round's score minus the previous round's, for all
groups together, and only where the anonymity gate shows both scores: a change is
never worked out from a withheld number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mognad.core.analysis import OTHER, Analysis
from mognad.core.model import Instrument
from mognad.web.apps.actions.models import OPEN_STATUSES, Action, SourceKind
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round, RoundGroup
from mognad.web.lineage import series_rounds

Analyse = Callable[[Round], Analysis]


@dataclass(frozen=True)
class Change:
    dimension: str
    value: str  # signed whole points, or "–" when the gate does not show both rounds


@dataclass(frozen=True)
class ActionRow:
    action: Action
    source: str
    dimensions: list[str]
    changes: list[Change]


@dataclass(frozen=True)
class DimensionActions:
    dimension: str
    actions: list[ActionRow]


def series(round_: Round) -> QuerySet[Round]:
    """The rounds of the same questionnaire's lineage in the same workspace, T0 first."""
    return series_rounds(round_.workspace_id, round_.instrument_id)


def previous_round(round_: Round) -> Round | None:
    return series(round_).filter(series_index__lt=round_.series_index).last()


def earlier_actions(round_: Round, statuses: Sequence[str] = ()) -> QuerySet[Action]:
    """Actions taken from the earlier rounds of `round_`'s series."""
    found = Action.objects.filter(
        round__in=series(round_).filter(series_index__lt=round_.series_index)
    ).select_related("round")
    return found.filter(status__in=statuses) if statuses else found


class Words:
    """Dimension titles, group names and origins of actions in one language."""

    def __init__(self, instrument: Instrument, lang: str) -> None:
        self.instrument = instrument
        self.lang = lang if lang in instrument.languages else instrument.default_language
        self.titles = {
            d.key: instrument.text(d.title, self.lang) for d in instrument.walk_dimensions()
        }

    def dim(self, key: str) -> str:
        return self.titles.get(key, key)

    def source(self, action: Action, names: dict[str, str]) -> str:
        if action.source_kind == SourceKind.RECOMMENDATION:
            found = next(
                (r for r in self.instrument.recommendations if r.key == action.source_key), None
            )
            title = self.instrument.text(found.title, self.lang) if found else action.source_key
            return _("Recommendation: %(title)s") % {"title": title}
        if action.source_kind == SourceKind.GAP:
            dimension, first, second = [*action.source_key.split(":"), "", ""][:3]
            groups = {"first": _group(names, first), "second": _group(names, second)}
            if not dimension:
                return _("Gap between %(first)s and %(second)s in the overall score") % groups
            return _("Gap between %(first)s and %(second)s in %(dimension)s") % {
                **groups,
                "dimension": self.dim(dimension),
            }
        return _("Own idea")


def _group(names: dict[str, str], key: str) -> str:
    return _("the other groups") if key == OTHER else names.get(key, key)


def rows(
    actions: Sequence[Action], words: Words | None = None, changes: dict[str, str] | None = None
) -> list[ActionRow]:
    """Actions as shown, worded by `words` or, when None, by each one's own round."""
    names = _group_names([a.round_id for a in actions])
    cache: dict[int, Words] = {}

    def words_of(action: Action) -> Words:
        if words is not None:
            return words
        if action.round_id not in cache:
            cache[action.round_id] = Words(round_instrument(action.round), get_language() or "")
        return cache[action.round_id]

    return [_row(a, words_of(a), names.get(a.round_id, {}), changes) for a in actions]


def _row(
    action: Action, words: Words, names: dict[str, str], changes: dict[str, str] | None
) -> ActionRow:
    shown = (
        []
        if changes is None
        else [Change(words.dim(d), changes.get(d, "–")) for d in action.dimensions]
    )
    return ActionRow(
        action=action,
        source=words.source(action, names),
        dimensions=[words.dim(d) for d in action.dimensions],
        changes=shown,
    )


def dimension_changes(current: Analysis, previous: Analysis) -> dict[str, str]:
    """Signed change per dimension key, only where the gate shows both overall scores."""
    if current.overall is None or previous.overall is None:
        return {}
    found: dict[str, str] = {}
    for key, cell in current.overall.dimensions.items():
        before = previous.overall.dimensions.get(key)
        if cell is not None and before is not None:
            found[key] = signed(cell.mean - before.mean)
    return found


def signed(delta: float) -> str:
    points = round(delta)
    return f"+{points}" if points > 0 else ("±0" if points == 0 else f"−{-points}")


def results_actions(
    round_: Round, analysis: Analysis, lang: str, analyse: Analyse
) -> dict[str, object]:
    """The results page's actions: taken from this round, and earlier ones with their change."""
    words = Words(round_instrument(round_), lang)
    earlier = list(earlier_actions(round_))
    previous = previous_round(round_) if earlier else None
    changes = dimension_changes(analysis, analyse(previous)) if previous else {}
    own = list(Action.objects.filter(round=round_).select_related("round"))
    return {
        "own_actions": rows(own, words),
        "earlier_actions": rows(earlier, words, changes),
        "previous_round": previous,
    }


def open_actions_by_dimension(round_: Round, lang: str) -> list[DimensionActions]:
    """The earlier rounds' open actions, under each dimension of `round_` they aim at."""
    words = Words(round_instrument(round_), lang)
    found = rows(list(earlier_actions(round_, OPEN_STATUSES)), words)
    keyed = [(row, set(row.action.dimensions)) for row in found]
    by_dimension = [
        DimensionActions(words.dim(d.key), [row for row, dims in keyed if d.key in dims])
        for d in words.instrument.walk_dimensions()
    ]
    aimless = [row for row, dims in keyed if not dims & set(words.titles)]
    if aimless:
        by_dimension.append(DimensionActions(_("No dimension named"), aimless))
    return [entry for entry in by_dimension if entry.actions]


def _group_names(round_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    names: dict[int, dict[str, str]] = {}
    for round_id, key, name in RoundGroup.objects.filter(round_id__in=set(round_ids)).values_list(
        "round_id", "key", "name"
    ):
        names.setdefault(round_id, {})[key] = name
    return names
