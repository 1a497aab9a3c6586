"""Every change to the library goes through these functions; each owns its transaction.

A draft only ever holds a valid instrument: `save_draft` and `create_draft` refuse a
text with any problem (raising the core's `InstrumentError`, whose problems carry
line and column) and leave what was stored untouched. Other refusals raise
`LibraryError`, whose message is meant for the person who asked.
"""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext
from pydantic import ValidationError

from mognad.core import edit, yamlsafe
from mognad.core.io import InstrumentError, dump_instrument
from mognad.core.lint import Problem, lint_and_load
from mognad.core.model import Instrument, Parent
from mognad.core.versions import is_version, version_key
from mognad.web.apps.library.catalog import draft_instrument, find_entry, id_taken, parsed
from mognad.web.apps.library.models import InstrumentDraft, InstrumentVersion, Visibility
from mognad.web.apps.workspaces.models import Workspace

Someone = AbstractBaseUser | AnonymousUser
MAX_ID = 64
# Words the library's own addresses use, so no instrument may be named after them.
RESERVED_IDS = frozenset({"drafts", "diff", "import"})
# How lint words a text that lacks some declared languages (lint_rules._check_text).
_MISSING = re.compile(r"^missing (?P<languages>[a-zA-Z0-9, -]+); give the text in every declared")
_VERSION_VALUE = re.compile(r"""^(version\s*:\s*['"]?)[0-9][0-9.]*""")


class LibraryError(Exception):
    """A change the library does not allow, worded for the person who asked."""


def fork_instrument(workspace: Workspace, source: Instrument, user: Someone) -> InstrumentDraft:
    """A draft in `workspace` copied from `source`, recording it as its parent."""
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        new_id = free_id(f"{source.id}-{workspace.slug}")
        parent = Parent(id=source.id, version=source.version)
        copy = source.model_copy(update={"id": new_id, "parent": parent})
        return InstrumentDraft.objects.create(
            workspace=workspace,
            instrument_id=new_id,
            yaml=dump_instrument(copy),
            parent_id=source.id,
            parent_version=source.version,
            created_by=_user(user),
        )


def create_draft(workspace: Workspace, text: str, user: Someone) -> InstrumentDraft:
    """A new draft from a whole instrument text (an import); its id is made unique.

    A parent the workspace cannot see is dropped: lineage only links what exists here.
    """
    instrument = checked(text, "instrument.yaml")
    parent = instrument.parent
    if parent is not None and find_entry(workspace, parent.id, parent.version) is None:
        parent = None
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        new_id = free_id(instrument.id)
        if new_id != instrument.id or parent != instrument.parent:
            instrument = instrument.model_copy(update={"id": new_id, "parent": parent})
            text = dump_instrument(instrument)
        return InstrumentDraft.objects.create(
            workspace=workspace,
            instrument_id=new_id,
            yaml=text,
            parent_id=parent.id if parent else "",
            parent_version=parent.version if parent else "",
            created_by=_user(user),
        )


def save_draft(draft: InstrumentDraft, text: str) -> InstrumentDraft:
    """Replaces the draft's text; a text with any problem is refused and nothing changes."""
    source = f"{draft.instrument_id}.yaml"
    instrument = checked(text, source)
    problems = _identity_problems(draft, instrument, text, source)
    if problems:
        raise InstrumentError(problems)
    with transaction.atomic():
        draft.yaml = text
        draft.save(update_fields=["yaml", "updated_at"])
    return draft


def publish_draft(
    draft: InstrumentDraft, version: str, user: Someone, *, minimum: str | None = None
) -> InstrumentVersion:
    """An immutable version made from the draft, numbered `version`.

    `version` must be above every published version of the instrument and not below
    `minimum` (the number the change suggests). The draft stays, renumbered, for the
    next round of changes.
    """
    _check_problems(draft)
    _check_version(draft, version, minimum)
    text = renumbered(draft.yaml, version)
    try:
        with transaction.atomic():
            published = InstrumentVersion.objects.create(
                workspace=draft.workspace,
                instrument_id=draft.instrument_id,
                version=version,
                yaml=text,
                parent_id=draft.parent_id,
                parent_version=draft.parent_version,
                published_by=_user(user),
            )
            draft.yaml = text
            draft.save(update_fields=["yaml", "updated_at"])
    except IntegrityError:
        raise LibraryError(_already_published(version)) from None
    return published


def share_version(version: InstrumentVersion, visibility: str) -> InstrumentVersion:
    """Widens who can see a version. A public version stays public: others may build on it."""
    if visibility not in Visibility.values:
        raise LibraryError(gettext("Choose who can see this version."))
    if version.visibility == Visibility.PUBLIC and visibility != Visibility.PUBLIC:
        raise LibraryError(gettext("A public version stays public: others may already use it."))
    with transaction.atomic():
        version.visibility = visibility
        version.save(update_fields=["visibility"])
    return version


def delete_draft(draft: InstrumentDraft) -> None:
    with transaction.atomic():
        draft.delete()


def checked(text: str, source: str) -> Instrument:
    """The instrument of `text`; InstrumentError for any problem but unfinished translations.

    A language some texts still lack is allowed: rounds use only complete languages.
    The default language must be complete.
    """
    instrument, problems = lint_and_load(text, source)
    if instrument is None and problems:
        shaped = _shaped(text)
        if shaped is None:
            raise InstrumentError(problems)
        problems = [p for p in problems if not _unfinished_translation(p, shaped)]
        if problems:
            raise InstrumentError(problems)
        instrument = shaped
    assert instrument is not None
    return instrument


def _shaped(text: str) -> Instrument | None:
    loaded = yamlsafe.load(text)
    try:
        return Instrument.model_validate(loaded.data) if loaded.ok else None
    except ValidationError:
        return None


def _unfinished_translation(problem: Problem, instrument: Instrument) -> bool:
    match = _MISSING.match(problem.message)
    if match is None:
        return False
    missing = match["languages"].split(", ")
    return instrument.default_language not in missing and set(missing) <= set(instrument.languages)


def free_id(wanted: str) -> str:
    """`wanted` made into a valid instrument id that nobody uses yet."""
    base = re.sub(r"[^a-z0-9_.-]+", "-", wanted.lower()).strip("-_.")[:MAX_ID] or "instrument"
    if not base[0].isalpha():
        base = f"i-{base}"[:MAX_ID]
    candidate, n = base, 1
    while candidate in RESERVED_IDS or id_taken(candidate):
        n += 1
        suffix = f"-{n}"
        candidate = base[: MAX_ID - len(suffix)] + suffix
    return candidate


def renumbered(text: str, version: str) -> str:
    """The instrument text with its version set to `version`, the rest left as written."""
    loaded = yamlsafe.load(text)
    place = loaded.positions.get(("version",))
    if place is not None:
        lines = text.split("\n")
        line, column = place[0] - 1, place[1] - 1
        head, tail = lines[line][:column], lines[line][column:]
        lines[line] = head + re.sub(_VERSION_VALUE, rf"\g<1>{version}", tail, count=1)
        changed = "\n".join(lines)
        if _version_of(changed) == version:
            return changed
    return dump_instrument(parsed(text).model_copy(update={"version": version}))


def _version_of(text: str) -> str | None:
    shaped = _shaped(text)
    return shaped.version if shaped else None


def _check_problems(draft: InstrumentDraft) -> None:
    """A published version is complete: no lint problem, every language translated."""
    count = len(edit.problems(draft_instrument(draft)))
    if count:
        message = ngettext(
            "The draft has %(count)d problem; fix it in the editor before publishing.",
            "The draft has %(count)d problems; fix them in the editor before publishing.",
            count,
        )
        raise LibraryError(message % {"count": count})


def _check_version(draft: InstrumentDraft, version: str, minimum: str | None) -> None:
    if not is_version(version):
        raise LibraryError(gettext("Write the version as three numbers, like 1.2.0."))
    if minimum and version_key(version) < version_key(minimum):
        message = gettext("The changes need at least version %(minimum)s.")
        raise LibraryError(message % {"minimum": minimum})
    published = InstrumentVersion.objects.filter(instrument_id=draft.instrument_id)
    if any(
        version_key(v) >= version_key(version) for v in published.values_list("version", flat=True)
    ):
        raise LibraryError(_already_published(version))


def _already_published(version: str) -> str:
    message = gettext(
        "Version %(version)s or a later one is already published; choose a higher number."
    )
    return message % {"version": version}


def _identity_problems(
    draft: InstrumentDraft, instrument: Instrument, text: str, source: str
) -> list[Problem]:
    """The id and parent belong to the draft: an upload may not change them."""
    positions = yamlsafe.load(text).positions
    problems = []
    if instrument.id != draft.instrument_id:
        message = f"keep the id '{draft.instrument_id}'; this draft is that instrument"
        problems.append(_problem(source, positions, ("id",), "id", message))
    recorded = (draft.parent_id, draft.parent_version)
    stated = (instrument.parent.id, instrument.parent.version) if instrument.parent else ("", "")
    if stated != recorded:
        expected = f"{recorded[0]} {recorded[1]}" if recorded[0] else "none"
        message = f"keep the parent this draft was forked from ({expected})"
        problems.append(_problem(source, positions, ("parent",), "parent", message))
    return problems


def _problem(
    source: str,
    positions: dict[tuple[object, ...], tuple[int, int]],
    path: tuple[str],
    element: str,
    message: str,
) -> Problem:
    line, column = positions.get(path, positions.get((), (1, 1)))
    return Problem(source, line, column, element, message)


def _user(user: Someone) -> User | None:
    return user if isinstance(user, User) else None
