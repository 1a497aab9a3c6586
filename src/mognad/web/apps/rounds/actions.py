"""Every change to rounds goes through these functions; each owns its transaction.

Views and the API call the same functions. A change the round's state does not
allow raises `RoundError`, whose message is meant for the person who asked.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from mognad.core.io import dump_instrument
from mognad.core.model import Instrument
from mognad.web.apps.rounds.addresses import is_valid, normalise
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import (
    K_FLOOR,
    GroupKind,
    Invitation,
    Round,
    RoundGroup,
    RoundState,
)
from mognad.web.apps.rounds.tasks import send_invitation
from mognad.web.apps.workspaces.models import Workspace
from mognad.web.lineage import series_rounds
from mognad.web.tokens import derived_token, hash_token, new_salt, new_token

STANDARD_GROUPS = (GroupKind.LEADERSHIP, GroupKind.STAFF, GroupKind.CUSTOMERS, GroupKind.PARTNERS)
GROUP_LINK = "group-link"
K_TOO_LOW = _("The anonymity threshold must be at least %(floor)s people.")
CLOSES_BEFORE_OPENS = _("The round cannot close before it opens.")


class RoundError(Exception):
    """A change that the round's state or the given values do not allow."""


def group_link_token(group: RoundGroup) -> str:
    """The open link's token, derived again from the group's salt (it is never stored)."""
    return derived_token(GROUP_LINK, group.link_salt)


def create_round(
    workspace: Workspace,
    instrument: Instrument,
    title: str,
    languages: Sequence[str],
    groups: Sequence[str],
    k: int,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
) -> Round:
    """A draft round of `instrument`; `groups` holds standard group keys and custom names."""
    languages = _checked_languages(instrument, languages)
    _check_settings(k, opens_on, closes_on)
    if not groups:
        raise RoundError(gettext("Choose at least one group."))
    with transaction.atomic():
        # Locking the workspace keeps two rounds created at once from sharing a T-number.
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        round_ = Round.objects.create(
            workspace=workspace,
            title=title,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            instrument_yaml=dump_instrument(instrument),
            series_index=_next_series_index(workspace, instrument.id),
            languages=languages,
            k=k,
            opens_on=opens_on,
            closes_on=closes_on,
        )
        RoundGroup.objects.bulk_create(_new_groups(round_, groups))
    return round_


def update_round(
    round_: Round,
    *,
    title: str,
    languages: Sequence[str],
    k: int,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
) -> Round:
    """Changes a draft round's settings; once a round has opened they are frozen."""
    languages = _checked_languages(round_instrument(round_), languages)
    _check_settings(k, opens_on, closes_on)
    with transaction.atomic():
        locked = _locked(round_)
        if locked.state != RoundState.DRAFT:
            raise RoundError(gettext("Only a draft round can be edited."))
        locked.title, locked.languages, locked.k = title, languages, k
        locked.opens_on, locked.closes_on = opens_on, closes_on
        fields = ["title", "languages", "k", "opens_on", "closes_on"]
        locked.save(update_fields=fields)
    return locked


def open_round(round_: Round) -> Round:
    """Draft → open. From now on k cannot change."""
    return _move(round_, RoundState.DRAFT, RoundState.OPEN)


def close_round(round_: Round) -> Round:
    """Open → closed. Links stop accepting answers."""
    return _move(round_, RoundState.OPEN, RoundState.CLOSED)


def invite_people(
    round_: Round, group: RoundGroup, emails: Iterable[str], *, base_url: str | None = None
) -> tuple[list[Invitation], list[str]]:
    """Personal invitations for new addresses, each mailed by a background task.

    Returns the invitations made and the addresses skipped: invalid ones and those
    already invited to this round (in any group) or repeated in `emails`.
    """
    if group.round_id != round_.pk:
        raise RoundError(gettext("That group belongs to another round."))
    with transaction.atomic():
        locked = _locked_open(
            round_, gettext("Invitations can only be sent while the round is open.")
        )
        wanted, skipped = _new_addresses(locked, emails)
        tokens = {address: new_token() for address in wanted}
        created = Invitation.objects.bulk_create(
            [
                Invitation(round=locked, group=group, email=a, token_hash=hash_token(tokens[a]))
                for a in wanted
            ],
            batch_size=500,
        )
        _enqueue_mails(locked, tokens, base_url, reminder=False)
    return created, skipped


def send_reminders(round_: Round, *, base_url: str | None = None) -> int:
    """Mails everyone whose invitation is unused a new link; the old link stops working.

    The old token cannot be recovered (only its hash is stored), so each reminder
    carries a fresh one.
    """
    with transaction.atomic():
        locked = _locked_open(
            round_, gettext("Reminders can only be sent while the round is open.")
        )
        pending = list(Invitation.objects.filter(round=locked, used_on__isnull=True))
        tokens = {}
        for invitation in pending:
            tokens[invitation.email] = new_token()
            invitation.token_hash = hash_token(tokens[invitation.email])
        Invitation.objects.bulk_update(pending, ["token_hash"], batch_size=500)
        _enqueue_mails(locked, tokens, base_url, reminder=True)
    return len(pending)


# --- helpers ------------------------------------------------------------------------


def _checked_languages(instrument: Instrument, languages: Sequence[str]) -> list[str]:
    unknown = set(languages) - set(instrument.languages)
    if unknown:
        raise RoundError(
            gettext("The questionnaire is not available in: %s") % ", ".join(sorted(unknown))
        )
    chosen = [code for code in instrument.languages if code in languages]
    if not chosen:
        raise RoundError(gettext("Choose at least one language."))
    return chosen


def _check_settings(
    k: int, opens_on: datetime.date | None, closes_on: datetime.date | None
) -> None:
    if k < K_FLOOR:
        raise RoundError(K_TOO_LOW % {"floor": K_FLOOR})
    if opens_on and closes_on and closes_on < opens_on:
        raise RoundError(str(CLOSES_BEFORE_OPENS))


def _next_series_index(workspace: Workspace, instrument_id: str) -> int:
    return series_rounds(workspace.pk, instrument_id).count()


def _new_groups(round_: Round, groups: Sequence[str]) -> list[RoundGroup]:
    made: list[RoundGroup] = []
    for entry in groups:
        made.append(_new_group(round_, entry, {group.key for group in made}))
    return made


def _new_group(round_: Round, entry: str, taken: set[str]) -> RoundGroup:
    if entry in STANDARD_GROUPS:
        kind, name, key = GroupKind(entry), str(GroupKind(entry).label), entry
    else:
        name = entry.strip()
        kind, key = GroupKind.CUSTOM, slugify(name)[:36] or "group"
    salt = new_salt()
    return RoundGroup(
        round=round_,
        key=_unique_key(key, taken),
        name=name,
        kind=kind,
        link_salt=salt,
        link_token_hash=hash_token(derived_token(GROUP_LINK, salt)),
    )


def _unique_key(key: str, taken: set[str]) -> str:
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    return candidate


def _locked(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _locked_open(round_: Round, refusal: str) -> Round:
    locked = _locked(round_)
    if locked.state != RoundState.OPEN:
        raise RoundError(refusal)
    return locked


def _move(round_: Round, source: RoundState, target: RoundState) -> Round:
    with transaction.atomic():
        locked = _locked(round_)
        if locked.state != source:
            raise RoundError(_refusal(locked, target))
        locked.state = target
        locked.save(update_fields=["state"])
    return locked


def _refusal(round_: Round, target: RoundState) -> str:
    state = round_.get_state_display().lower()
    if target == RoundState.OPEN:
        return gettext("Only a draft round can be opened; this one is %(state)s.") % {
            "state": state
        }
    return gettext("Only an open round can be closed; this one is %(state)s.") % {"state": state}


def _new_addresses(round_: Round, emails: Iterable[str]) -> tuple[list[str], list[str]]:
    taken = set(Invitation.objects.filter(round=round_).values_list("email", flat=True))
    wanted: list[str] = []
    skipped: list[str] = []
    for raw in emails:
        address = normalise(raw)
        if address in taken or not is_valid(address):
            skipped.append(raw)
            continue
        taken.add(address)
        wanted.append(address)
    return wanted, skipped


def _enqueue_mails(
    round_: Round, tokens: dict[str, str], base_url: str | None, *, reminder: bool
) -> None:
    # Enqueued inside the transaction: the database task backend stores the task in the
    # same commit, so a mail is sent exactly when its invitation exists.
    base = (base_url if base_url is not None else getattr(settings, "SITE_URL", "")).rstrip("/")
    language = _mail_language(round_)
    for address, token in tokens.items():
        send_invitation.enqueue(round_.pk, address, token, base, language, reminder)


def _mail_language(round_: Round) -> str:
    """The sender's interface language when the round has it, else the round's first."""
    current = (get_language() or "").split("-")[0]
    return current if current in round_.languages else round_.languages[0]
