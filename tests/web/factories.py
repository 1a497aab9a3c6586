"""Objects for web tests, made directly in the database (tests of the actions use the actions)."""

import datetime
import uuid
from dataclasses import asdict
from typing import Any

from django.contrib.auth.models import User

from mognad.core.io import dump_instrument
from mognad.core.model import Instrument
from mognad.core.reference import score_response
from mognad.instruments import find_builtin
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import GroupKind, Response, Round, RoundGroup, RoundState
from mognad.web.apps.rounds.scores import packed_fields
from mognad.web.apps.workspaces.models import Membership, Role, Workspace
from mognad.web.tokens import derived_token, hash_token, new_salt

PASSWORD = "correct horse battery staple"


def make_user(email: str = "ada@example.org") -> User:
    return User.objects.create_user(username=email, email=email, password=PASSWORD)


def make_workspace(slug: str = "acme", user: User | None = None, role: str = Role.OWNER):
    workspace = Workspace.objects.create(name=slug.title(), slug=slug)
    if user is not None:
        Membership.objects.create(workspace=workspace, user=user, role=role)
    return workspace


def group_link_token(group: RoundGroup) -> str:
    return derived_token("group-link", group.link_salt)


def make_round(
    workspace: Workspace,
    instrument_id: str = "people-first",
    groups: tuple[str, ...] = ("leadership", "staff"),
    state: str = RoundState.OPEN,
    k: int = 5,
) -> Round:
    instrument = find_builtin(instrument_id)
    assert instrument is not None
    series = Round.objects.filter(workspace=workspace, instrument_id=instrument_id).count()
    round_ = Round.objects.create(
        workspace=workspace,
        title=f"{instrument.text(instrument.title)} {series}",
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        instrument_yaml=dump_instrument(instrument),
        series_index=series,
        languages=list(instrument.languages),
        k=k,
        state=state,
    )
    for key in groups:
        salt = new_salt()
        kind = key if key in GroupKind.values else GroupKind.CUSTOM
        RoundGroup.objects.create(
            round=round_,
            key=key,
            name=key.title(),
            kind=kind,
            link_salt=salt,
            link_token_hash=hash_token(derived_token("group-link", salt)),
        )
    return round_


def uniform_answers(instrument: Instrument, value: int) -> dict[str, Any]:
    """Every scale and pair at `value` (clipped to its scale); choices take an option."""
    answers: dict[str, Any] = {}
    for _, item in instrument.walk_items():
        if item.type in ("scale", "pair"):
            scale = instrument.resolve_scale(item)
            v = max(scale.min, min(scale.max, value))
            answers[item.key] = v if item.type == "scale" else {"importance": v, "performance": v}
        elif item.type == "choice":
            options = [o for o in instrument.resolve_options(item) if not o.missing]
            answers[item.key] = options[min(value, len(options)) - 1].key
    return answers


def add_responses(round_: Round, group: str, values: list[int]) -> list[dict[str, Any]]:
    """One stored response per value in `group`, scored as the respond app scores them."""
    instrument = round_instrument(round_)
    return [store_response(round_, group, uniform_answers(instrument, v)) for v in values]


def store_response(
    round_: Round, group: str, answers: dict[str, Any], *, packed: bool = True
) -> dict[str, Any]:
    """One response in `group` with `answers`, scored as the respond app scores them; its
    packed rows as submit stores them, unless `packed` is False (a row from before them).
    Returns its scores."""
    scores = asdict(score_response(round_instrument(round_), answers))
    Response.objects.create(
        round=round_,
        group=round_.groups.get(key=group),
        client_id=uuid.uuid4(),
        language="en",
        answers=answers,
        scores=scores,
        **(packed_fields(round_, scores, answers) if packed else {}),
        submitted_on=datetime.date.today(),
    )
    return scores
