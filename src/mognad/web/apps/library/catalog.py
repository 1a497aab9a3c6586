"""What a workspace's library holds: the built-ins, its own versions, and public ones.

Every lookup of a stored instrument from a view goes through here, scoped to the
workspace, so another workspace's private version answers the same as a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q, QuerySet

from mognad.core import edit
from mognad.core.io import InstrumentError, parse_instrument
from mognad.core.model import Instrument
from mognad.core.strings import translation_completeness
from mognad.core.versions import version_key
from mognad.instruments import builtin_instruments
from mognad.web.apps.library.models import InstrumentDraft, InstrumentVersion, Visibility
from mognad.web.apps.workspaces.models import Workspace


@dataclass(frozen=True)
class Entry:
    """One instrument version a workspace can see."""

    instrument: Instrument
    stored: InstrumentVersion | None = None  # None for a built-in

    @property
    def id(self) -> str:
        return self.instrument.id

    @property
    def version(self) -> str:
        return self.instrument.version

    @property
    def builtin(self) -> bool:
        return self.stored is None


@lru_cache(maxsize=256)
def parsed(text: str) -> Instrument:
    """The instrument of a stored YAML text, parsed once per process.

    A stored text always has the right shape, but its translations may be under way
    (lint lists the missing texts), so only the shape is checked again here.
    """
    try:
        return parse_instrument(text, source="library")
    except InstrumentError:
        return edit.loads(text)


def complete_languages(instrument: Instrument) -> list[str]:
    """The declared languages every text is given in: the ones a round may use."""
    shares = translation_completeness(instrument)
    return [lang for lang in instrument.languages if shares.get(lang) == 1.0]


def runnable(instrument: Instrument) -> Instrument:
    """The instrument with only its complete languages, as a round stores it."""
    for lang in instrument.languages:
        if lang not in complete_languages(instrument) and lang != instrument.default_language:
            instrument = edit.remove_language(instrument, lang)
    return instrument


def instrument_ref(instrument: Instrument) -> str:
    """How forms name one version: `id@version`."""
    return f"{instrument.id}@{instrument.version}"


def visible_versions(workspace: Workspace) -> QuerySet[InstrumentVersion]:
    return InstrumentVersion.objects.filter(
        Q(workspace=workspace) | Q(visibility=Visibility.PUBLIC)
    ).select_related("workspace")


def entries(workspace: Workspace) -> list[Entry]:
    """Every version the workspace can see: built-ins first, then stored ones by id."""
    stored = [Entry(parsed(v.yaml), v) for v in visible_versions(workspace)]
    stored.sort(key=lambda e: (e.id, version_key(e.version)))
    return [Entry(i) for i in builtin_instruments()] + stored


def latest_entries(workspace: Workspace) -> list[Entry]:
    """The newest visible version of each instrument."""
    newest: dict[str, Entry] = {}
    for entry in entries(workspace):
        newest[entry.id] = entry
    return list(newest.values())


def find_entry(
    workspace: Workspace, instrument_id: str, version: str | None = None
) -> Entry | None:
    """A visible version; without `version`, the newest one of the instrument."""
    found = [e for e in _entries_of(workspace, instrument_id) if version in (None, e.version)]
    return found[-1] if found else None


def versions_of(workspace: Workspace, instrument_id: str) -> list[Entry]:
    """Every visible version of one instrument, oldest first."""
    return _entries_of(workspace, instrument_id)


def _entries_of(workspace: Workspace, instrument_id: str) -> list[Entry]:
    builtin = [Entry(i) for i in builtin_instruments() if i.id == instrument_id]
    rows = visible_versions(workspace).filter(instrument_id=instrument_id)
    stored = sorted((Entry(parsed(v.yaml), v) for v in rows), key=lambda e: version_key(e.version))
    return builtin + stored


def newest_stored(instrument_id: str) -> Instrument | None:
    """The newest published version of a stored instrument, whoever may see it.

    For lineage only: every version of an instrument records the same parent (the
    version it was forked from), so the newest one tells where it comes from.
    """
    texts = InstrumentVersion.objects.filter(instrument_id=instrument_id).values_list(
        "yaml", flat=True
    )
    found = [parsed(text) for text in texts]
    return max(found, key=lambda i: version_key(i.version)) if found else None


def get_draft(workspace: Workspace, draft_id: int) -> InstrumentDraft | None:
    return InstrumentDraft.objects.filter(workspace=workspace, pk=draft_id).first()


def draft_instrument(draft: InstrumentDraft) -> Instrument:
    """The draft's instrument, checked for shape only.

    A draft edited in the browser may have lint problems for a while (a language
    not yet translated, a dimension still without questions); publishing refuses
    them, showing them does not.
    """
    return _shaped(draft.yaml)


@lru_cache(maxsize=256)
def _shaped(text: str) -> Instrument:
    return edit.loads(text)


def id_taken(instrument_id: str) -> bool:
    """Whether any workspace, or the built-ins, already use an instrument id."""
    return (
        any(i.id == instrument_id for i in builtin_instruments())
        or InstrumentVersion.objects.filter(instrument_id=instrument_id).exists()
        or InstrumentDraft.objects.filter(instrument_id=instrument_id).exists()
    )
