"""From a respondent's link to its round: tokens, languages and whether the round is open.

Links carry no workspace and no ids: `/r/<token>/` is a group's open link and
`/i/<token>/` a personal invitation. Only the tokens' hashes are in the database.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Final, Literal, cast

from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils import timezone, translation

from mognad.core.model import Instrument
from mognad.web.apps.respond import rows
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Draft, Invitation, Round, RoundGroup, RoundState
from mognad.web.apps.workspaces.models import Workspace
from mognad.web.tokens import hash_token

# What respondents' requests read of a link's rows; any other field loads when touched,
# as a query of its own (tests/web/respond/test_hot_path.py counts them).
READS = (
    frozenset({"round", "group", "invitation", "language", "answers", "page"}),  # Draft
    frozenset({"round", "key", "name", "kind"}),  # RoundGroup
    frozenset(  # Round
        {"workspace", "title", "instrument_id", "instrument_version", "instrument_digest"}
        | {"series_index", "languages", "k", "state", "opens_on", "closes_on"}
    ),
    frozenset({"name", "slug"}),  # Workspace
)
OPEN_LINK: Final = "r"
INVITATION: Final = "i"
LinkKind = Literal["r", "i"]
Availability = Literal["open", "not_yet", "closed", "used"]


@dataclass(frozen=True)
class Link:
    """A redeemed link: its round and group, and the invitation if it is a personal one."""

    kind: LinkKind
    token: str
    round: Round
    group: RoundGroup
    invitation: Invitation | None

    @cached_property
    def instrument(self) -> Instrument:
        return round_instrument(self.round)

    @cached_property
    def url(self) -> str:
        """The link's own address, under which its pages, submission and reflection are.

        The same as reversing respond:welcome or respond:invitation (a test holds them
        equal), built directly since reverse() is a tenth of a page's time here.
        """
        return f"{get_script_prefix()}{self.kind}/{self.token}/"

    @property
    def path(self) -> str:
        """The URL prefix of every page under this link; cookies are scoped to it."""
        return f"/{self.kind}/{self.token}/"

    @cached_property
    def languages(self) -> list[str]:
        return round_languages(self.round, self.instrument)

    def availability(self) -> Availability:
        if self.invitation is not None and self.invitation.used_on is not None:
            return "used"
        return round_availability(self.round)


def resolve(kind: str, token: str) -> Link | None:
    """The link behind `token`, or None when no group or invitation has it."""
    digest = hash_token(token)
    if kind == OPEN_LINK:
        return _open_link(token, digest)
    invitation = (
        Invitation.objects.select_related("group", "round__workspace")
        .filter(token_hash=digest)
        .first()
    )
    if invitation is None:
        return None
    return Link(INVITATION, token, invitation.round, invitation.group, invitation)


def _open_link(token: str, digest: str) -> Link | None:
    found = rows.joined(
        (RoundGroup, Round, Workspace),
        "{t0} t0 JOIN {t1} t1 ON t1.id = t0.round_id JOIN {t2} t2 ON t2.id = t1.workspace_id",
        "t0.link_token_hash = %s",
        [digest],
        READS[1:],
    )
    if found is None:
        return None
    group, round_, workspace = cast(tuple[RoundGroup, Round, Workspace], tuple(found))
    return _link(token, group, round_, workspace)


def resolve_with_draft(
    token: str, resume_token: str, *, recent: bool = False
) -> tuple[Link, Draft] | None:
    """An open link and the draft its resume token finds, in one query; None if either is
    missing (then `resolve` tells which).

    With `recent`, a link this process read less than RECENT_SECONDS ago is taken as it
    was, and only the draft is read.
    """
    if recent:
        link = _recent_link(token)
        if link is not None:
            drafts = rows.select(
                Draft,
                only=READS[0],
                resume_token_hash=hash_token(resume_token),
                group=link.group.pk,
            )
            return (link, drafts[0]) if drafts else None
    found = rows.joined(
        (Draft, RoundGroup, Round, Workspace),
        "{t0} t0 JOIN {t1} t1 ON t1.id = t0.group_id JOIN {t2} t2 ON t2.id = t1.round_id "
        "JOIN {t3} t3 ON t3.id = t2.workspace_id",
        "t1.link_token_hash = %s AND t0.resume_token_hash = %s",
        [hash_token(token), hash_token(resume_token)],
        READS,
    )
    if found is None:
        return None
    draft, group, round_, workspace = cast(tuple[Draft, RoundGroup, Round, Workspace], tuple(found))
    link = _link(token, group, round_, workspace)
    _remember(link)
    return link, draft


# A respondent's pages are shown and saved a few seconds apart, each needing the link's
# group, round and workspace: a process keeps what it read of a link that long, and
# reads only the draft. A round closed or changed meanwhile by this process is read
# again at once (forget_recent_links); by another process, after at most RECENT_SECONDS.
# Until then its pages are still shown and saved, but nothing is submitted: a submission
# always reads the round afresh.
RECENT_SECONDS = 2.0
_RECENT_MAX = 10_000
_recent: dict[str, tuple[float, Link]] = {}


def _recent_link(token: str) -> Link | None:
    found = _recent.get(token)
    if found is None or time.monotonic() - found[0] > RECENT_SECONDS:
        return None
    return found[1]


def _remember(link: Link) -> None:
    if len(_recent) >= _RECENT_MAX:
        _recent.clear()
    _recent[link.token] = (time.monotonic(), link)


def forget_recent_links(**_: object) -> None:
    """Drops every link kept: a receiver of the saves and deletions of what links show."""
    _recent.clear()


def _link(token: str, group: RoundGroup, round_: Round, workspace: Workspace) -> Link:
    Round.workspace.field.set_cached_value(round_, workspace)
    RoundGroup.round.field.set_cached_value(group, round_)
    return Link(OPEN_LINK, token, round_, group, None)


def round_availability(round_: Round) -> Availability:
    today = local_today()
    if round_.state == RoundState.CLOSED or (round_.closes_on and round_.closes_on < today):
        return "closed"
    if round_.state == RoundState.DRAFT or (round_.opens_on and round_.opens_on > today):
        return "not_yet"
    return "open"


def local_today() -> date:
    """timezone.localdate() in the site's time zone, without its lookup of an activated
    one: respondents' requests never activate another."""
    return timezone.now().astimezone(timezone.get_default_timezone()).date()


def round_languages(round_: Round, instrument: Instrument) -> list[str]:
    """The round's languages that the instrument has, in the round's order."""
    chosen = [code for code in round_.languages if code in instrument.languages]
    return chosen or list(instrument.languages)


def default_language(instrument: Instrument, available: list[str]) -> str:
    return instrument.default_language if instrument.default_language in available else available[0]


def choose_language(request: HttpRequest, available: list[str], fallback: str) -> str:
    """`?lang=` if offered, else the browser's best among `available`, else `fallback`."""
    # Most requests have no query string: then it is not parsed at all.
    wanted = request.GET.get("lang", "") if request.META.get("QUERY_STRING") else ""
    if wanted in available:
        return wanted
    for tag in accepted_languages(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        match = _match(tag, available)
        if match is not None:
            return match
    return fallback


# Browsers send a handful of different headers: each is read once.
@lru_cache(maxsize=256)
def accepted_languages(header: str) -> tuple[str, ...]:
    """The tags of an Accept-Language header, most wanted first (zero quality dropped)."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag.lower()))
    return tuple(tag for _, _, tag in sorted(weighted))


def _match(tag: str, available: list[str]) -> str | None:
    lowered = {code.lower(): code for code in available}
    if tag in lowered:
        return lowered[tag]
    primary = tag.split("-")[0]
    return next((code for code in available if code.lower().split("-")[0] == primary), None)


def language_choices(codes: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(code, the language's own name) for a language switcher."""
    return _choices(tuple(codes))


@lru_cache(maxsize=256)
def _choices(codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((code, _local_name(code)) for code in codes)


def _local_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_local"])
    except KeyError:
        return code
