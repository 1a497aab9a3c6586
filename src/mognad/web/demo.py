"""The demo workspace that `make run` loads: believable results to look at on a fresh install.

"Demo Company" runs the people-first instrument three times: two closed rounds
(T0, T1) of about 300 synthetic respondents each, and an open one (T2) with too
few answers in some groups, so the anonymity rule shows. About a third of the
respondents write a next step of their own, so open answers fall into themes. Six
peer organisations (workspaces without members) share a people-first round each
in the benchmark pool, as Demo Company does, so the benchmark has peers to show.
The answers come from a seeded generator, so every load gives the same answers
and scores. They are drawn around a level per group and dimension: leadership
rates itself higher than staff sees it (the say/do gap), customers see less of
the customer work than the organisation believes, and each round is better than
the one before, most of all in learning and leadership.

The logins are local and printed on purpose: the demo holds no real data.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from mognad.core.answers import shown_items
from mognad.core.engine import encode, score
from mognad.core.io import dump_instrument
from mognad.core.model import (
    ChoiceItem,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    PairItem,
    Scale,
    ScaleItem,
    TextItem,
)
from mognad.instruments import find_builtin
from mognad.web.apps.actions.actions import ActionFields, create_action
from mognad.web.apps.actions.models import ActionStatus, SourceKind
from mognad.web.apps.rounds.instrument import round_compiled, round_instrument
from mognad.web.apps.rounds.models import GroupKind, Response, Round, RoundGroup, RoundState
from mognad.web.apps.rounds.scores import packed_fields
from mognad.web.apps.workspaces.models import Membership, Role, Workspace
from mognad.web.tokens import derived_token, hash_token, new_salt

DEMO_SLUG = "demo"
DEMO_NAME = "Demo Company"
DEMO_EMAIL = "demo@mognad.local"
VIEWER_EMAIL = "viewer@mognad.local"
DEMO_PASSWORD = "demo-mognad"
INSTRUMENT_ID = "people-first"
# Picked among a few seeds so that every group moves forward from T0 to T1 in every dimension.
SEED = 10
GROUPS = (GroupKind.LEADERSHIP, GroupKind.STAFF, GroupKind.CUSTOMERS)

# Levels on 0-100 per dimension: staff at T0, then what each group adds and each round brings.
BASE = {
    "customers": 46,
    "staff": 40,
    "work": 47,
    "learning": 36,
    "leadership": 41,
    "business": 38,
    "personal": 50,
}
GROUP_SHIFT: dict[str, dict[str, float]] = {
    GroupKind.LEADERSHIP: {
        "customers": 8,
        "staff": 14,
        "work": 10,
        "learning": 10,
        "leadership": 20,
        "business": 12,
        "personal": 12,
    },
    GroupKind.STAFF: {},
    GroupKind.CUSTOMERS: {"customers": -12, "business": -8, "work": 3, "personal": -2},
}
PROGRESS = {"customers": 4, "staff": 5, "work": 4, "learning": 10, "leadership": 9, "personal": 5}
# Outsiders cannot judge much of the inside, so they say "don't know" more often there.
DK_RATE = 0.03
OUTSIDER_DK_RATE = {"staff": 0.12, "work": 0.12, "learning": 0.1, "leadership": 0.1}
PERSON_SD = 9.0
PERSON_DIMENSION_SD = 6.0
ITEM_SD = 14.0
TEXT_SHARE = 0.35
# A few next steps per language on four topics: customers, learning, colleagues, tools.
NOTES = {
    "en": [
        "Ask two customers how they use our service.",
        "Call a customer every week and ask what annoys them.",
        "Block one hour a week for learning.",
        "Learn one new tool every month and show it to the team.",
        "Ask my colleagues what slows their work down.",
        "Listen to colleagues before I propose a change.",
        "Stop printing and use the shared documents.",
        "Try the new planning tool in our next project.",
    ],
    "sv": [
        "Fråga två kunder hur de använder tjänsten.",
        "Ringa en kund varje vecka och fråga vad som stör dem.",
        "Boka en timme i veckan för att lära.",
        "Lära mig ett nytt verktyg varje månad och visa teamet.",
        "Fråga kollegorna vad som bromsar deras arbete.",
        "Lyssna på kollegorna innan jag föreslår en förändring.",
        "Sluta skriva ut och använda de delade dokumenten.",
    ],
    "de": [
        "Zwei Kunden fragen, wie sie unseren Dienst nutzen.",
        "Jede Woche einen Kunden anrufen und fragen, was ihn stört.",
        "Eine Stunde pro Woche lernen.",
        "Jeden Monat ein neues Werkzeug lernen und dem Team zeigen.",
        "Kollegen fragen, was ihre Arbeit bremst.",
        "Den Kollegen zuhören, bevor ich eine Änderung vorschlage.",
        "Nicht mehr drucken und die gemeinsamen Dokumente nutzen.",
    ],
    "nl": [
        "Twee klanten vragen hoe ze onze dienst gebruiken.",
        "Elke week een klant bellen en vragen wat hen stoort.",
        "Eén uur per week leren.",
        "Elke maand een nieuw hulpmiddel leren en aan het team laten zien.",
        "Collega's vragen wat hun werk vertraagt.",
        "Naar collega's luisteren voordat ik een verandering voorstel.",
        "Stoppen met printen en de gedeelde documenten gebruiken.",
    ],
}


@dataclass(frozen=True)
class RoundPlan:
    title: str
    state: RoundState
    opens_days_ago: int
    days_open: int
    counts: Mapping[str, int]


T0_COUNTS = {"leadership": 40, "staff": 180, "customers": 80}
T1_COUNTS = {"leadership": 38, "staff": 176, "customers": 86}
# Under k=5 for leadership and customers: the results page explains why they are hidden.
T2_COUNTS = {"leadership": 4, "staff": 60, "customers": 3}
ROUNDS = (
    RoundPlan("Starting point", RoundState.CLOSED, 380, 21, T0_COUNTS),
    RoundPlan("Six months on", RoundState.CLOSED, 190, 21, T1_COUNTS),
    RoundPlan("One year on", RoundState.OPEN, 6, 28, T2_COUNTS),
)
# The benchmark pool: peers that opted in, each a few points above or below Demo Company.
PEER_SLUG = "demo-peer-"
PEERS = (
    ("Northwind Cooperative", -8.0),
    ("Harbour Care", -3.0),
    ("Fjällbacka Housing", 2.0),
    ("Rijnland Volunteers", 6.0),
    ("Alpenrad Mobility", 11.0),
    ("Lakeside Library Association", -12.0),
)
PEER_COUNTS = {"leadership": 6, "staff": 24}


# --- synthetic answers (no database) ------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    """Where one synthetic respondent stands: a 0-100 level and a "don't know" rate per
    dimension, and the language they answer in."""

    levels: Mapping[str, float]
    dk_rates: Mapping[str, float]
    language: str


def group_levels(group: str, series_index: int) -> dict[str, float]:
    """The mean level of a group in round T<series_index>, per people-first dimension."""
    shift = GROUP_SHIFT.get(group, {})
    return {
        key: base + shift.get(key, 0) + series_index * PROGRESS.get(key, 2)
        for key, base in BASE.items()
    }


def make_respondent(
    rng: np.random.Generator,
    instrument: Instrument,
    group: str,
    series_index: int,
    offset: float = 0.0,
) -> Respondent:
    means = {key: level + offset for key, level in group_levels(group, series_index).items()}
    person = rng.normal(0, PERSON_SD)
    levels = {
        dim.key: means.get(dim.key, 50) + person + rng.normal(0, PERSON_DIMENSION_SD)
        for dim in instrument.walk_dimensions()
    }
    rates = OUTSIDER_DK_RATE if group == GroupKind.CUSTOMERS else {}
    dk_rates = {key: rates.get(key, DK_RATE) for key in levels}
    language = str(rng.choice(instrument.languages))
    return Respondent(levels, dk_rates, language)


def synthetic_answers(
    rng: np.random.Generator, instrument: Instrument, respondent: Respondent
) -> dict[str, Any]:
    """An answers document drawn around the respondent's levels; hidden items left out."""
    answers: dict[str, Any] = {}
    for dim, item in instrument.walk_items():
        share = _share(rng, respondent.levels[dim.key])
        value = _answer(rng, instrument, item, share, respondent.dk_rates[dim.key], respondent)
        if value is not None:
            answers[item.key] = value
    shown = shown_items(instrument, answers)
    return {key: value for key, value in answers.items() if shown[key]}


def _share(rng: np.random.Generator, level: float) -> float:
    """Where on its scale one answer lies, 0-1, higher being more mature."""
    return float(np.clip((level + rng.normal(0, ITEM_SD)) / 100, 0, 1))


def _answer(
    rng: np.random.Generator,
    instrument: Instrument,
    item: Item,
    share: float,
    dk_rate: float,
    respondent: Respondent,
) -> Any:
    if isinstance(item, ScaleItem):
        scale = instrument.resolve_scale(item)
        return _scale_answer(rng, scale, 1 - share if item.reverse else share, dk_rate)
    if isinstance(item, PairItem):
        return _pair_answer(rng, instrument.resolve_scale(item), share, dk_rate)
    if isinstance(item, ChoiceItem):
        return _choice_answer(rng, instrument, item, share, dk_rate)
    if isinstance(item, MultiItem):
        return _multi_answer(rng, item, share)
    if isinstance(item, NumberItem):
        return _number_answer(item, share)
    return _text_answer(rng, item, respondent.language)


def _scale_answer(rng: np.random.Generator, scale: Scale, share: float, dk_rate: float) -> Any:
    if scale.missing and rng.random() < dk_rate:
        return scale.missing[0].key
    return scale.min + round(share * (scale.max - scale.min))


def _pair_answer(
    rng: np.random.Generator, scale: Scale, share: float, dk_rate: float
) -> dict[str, Any]:
    # What matters is rated higher than what is done: the gap the pair exists to show.
    importance = float(np.clip(0.7 + 0.25 * share + rng.normal(0, 0.12), 0, 1))
    return {
        "importance": _scale_answer(rng, scale, importance, dk_rate),
        "performance": _scale_answer(rng, scale, share, dk_rate),
    }


def _choice_answer(
    rng: np.random.Generator, instrument: Instrument, item: ChoiceItem, share: float, dk_rate: float
) -> str:
    options = instrument.resolve_options(item)
    missing = [o for o in options if o.missing]
    if missing and rng.random() < dk_rate:
        return missing[0].key
    ranked = sorted((o for o in options if not o.missing), key=lambda o: o.choice_score)
    if not item.scored:
        return str(rng.choice([o.key for o in ranked]))
    if item.reverse:
        ranked.reverse()
    return ranked[round(share * (len(ranked) - 1))].key


def _multi_answer(rng: np.random.Generator, item: MultiItem, share: float) -> list[str]:
    ticked = []
    for option in item.options:
        if option.missing or option.exclusive:
            continue
        chance = share if option.tick_weight >= 0 else 1 - share
        if rng.random() < (chance if item.scored else 0.4):
            ticked.append(option.key)
    return ticked


def _number_answer(item: NumberItem, share: float) -> int | float:
    if item.reverse:
        share = 1 - share
    value = item.min + share * (item.max - item.min)
    return round(value) if item.integer else round(value, 1)


def _text_answer(rng: np.random.Generator, item: TextItem, language: str) -> str | None:
    if not item.required and rng.random() >= TEXT_SHARE:
        return None
    note = str(rng.choice(NOTES.get(language, NOTES["en"])))
    return note[: item.max_length]


# --- the workspace ------------------------------------------------------------------


def demo_address() -> str:
    port = os.environ.get("PORT") or "8000"
    return f"http://127.0.0.1:{port}/w/{DEMO_SLUG}/"


def login_line() -> str:
    return f"Demo workspace: {demo_address()} — log in as {DEMO_EMAIL} / {DEMO_PASSWORD}"


def load_demo(*, reset: bool = False) -> bool:
    """Creates the demo workspace unless it is there; True when it was created.

    With `reset`, an existing demo workspace and its users are deleted first.
    """
    with transaction.atomic():
        if reset:
            delete_demo()
        elif Workspace.objects.filter(slug=DEMO_SLUG).exists():
            return False
        _create_demo(np.random.default_rng(SEED))
    return True


def delete_demo() -> None:
    Workspace.objects.filter(slug=DEMO_SLUG).delete()
    Workspace.objects.filter(slug__startswith=PEER_SLUG).delete()
    User.objects.filter(username__in=[DEMO_EMAIL, VIEWER_EMAIL]).delete()


def _create_demo(rng: np.random.Generator) -> None:
    workspace = Workspace.objects.create(name=DEMO_NAME, slug=DEMO_SLUG, benchmark_opt_in=True)
    for email, role in ((DEMO_EMAIL, Role.OWNER), (VIEWER_EMAIL, Role.VIEWER)):
        Membership.objects.create(workspace=workspace, user=_demo_user(email), role=role)
    today = timezone.localdate()
    rounds = []
    for index, plan in enumerate(ROUNDS):
        round_ = _create_round(workspace, index, plan, today)
        _add_responses(rng, round_, plan, today)
        rounds.append(round_)
    _add_actions(rounds, today)
    _create_peers(rng, today)


def _create_peers(rng: np.random.Generator, today: datetime.date) -> None:
    """The benchmark pool's other organisations; none has members, so only the pool sees them."""
    Workspace.objects.filter(slug__startswith=PEER_SLUG).delete()
    for number, (name, offset) in enumerate(PEERS, start=1):
        peer = Workspace.objects.create(
            name=name, slug=f"{PEER_SLUG}{number}", benchmark_opt_in=True
        )
        plan = RoundPlan("Baseline", RoundState.CLOSED, 200 + 10 * number, 21, PEER_COUNTS)
        _add_responses(rng, _create_round(peer, 0, plan, today), plan, today, offset)


def _demo_user(email: str) -> User:
    user = User.objects.filter(username=email).first()
    if user is None:
        return User.objects.create_user(username=email, email=email, password=DEMO_PASSWORD)
    # The printed login must work, even for a user left over from an earlier demo.
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _create_round(workspace: Workspace, index: int, plan: RoundPlan, today: datetime.date) -> Round:
    instrument = find_builtin(INSTRUMENT_ID)
    if instrument is None:
        raise LookupError(f"the built-in instrument '{INSTRUMENT_ID}' is missing")
    opens_on = today - datetime.timedelta(days=plan.opens_days_ago)
    round_ = Round.objects.create(
        workspace=workspace,
        title=plan.title,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        instrument_yaml=dump_instrument(instrument),
        series_index=index,
        languages=list(instrument.languages),
        state=plan.state,
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=plan.days_open),
    )
    RoundGroup.objects.bulk_create(_group(round_, kind) for kind in GROUPS)
    return round_


def _group(round_: Round, kind: GroupKind) -> RoundGroup:
    salt = new_salt()
    return RoundGroup(
        round=round_,
        key=kind.value,
        name=str(kind.label),
        kind=kind,
        link_salt=salt,
        link_token_hash=hash_token(derived_token("group-link", salt)),
    )


def _add_responses(
    rng: np.random.Generator,
    round_: Round,
    plan: RoundPlan,
    today: datetime.date,
    offset: float = 0.0,
) -> None:
    instrument = round_instrument(round_)
    groups = {group.key: group for group in round_.groups.all()}
    drawn = [
        (groups[key], make_respondent(rng, instrument, key, round_.series_index, offset))
        for key, count in plan.counts.items()
        for _ in range(count)
    ]
    documents = [synthetic_answers(rng, instrument, respondent) for _, respondent in drawn]
    # encode validates every document (validate_answers) and raises on any problem.
    compiled = round_compiled(round_)
    scores = score(compiled, encode(compiled, documents))
    last_day = min(round_.closes_on or today, today)
    Response.objects.bulk_create(
        Response(
            round=round_,
            group=group,
            client_id=uuid.uuid4(),
            language=respondent.language,
            answers=answers,
            **_stored(round_, dataclasses.asdict(scores.row(i)), answers),
            submitted_on=_day(rng, round_.opens_on or today, last_day),
        )
        for i, ((group, respondent), answers) in enumerate(zip(drawn, documents, strict=True))
    )


def _stored(round_: Round, scores: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    return {"scores": scores, **packed_fields(round_, scores, answers)}


def _day(rng: np.random.Generator, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=int(rng.integers(0, (last - first).days + 1)))


# What the demo organisation did after each round: (round index, title, owner, due in
# days from today, status, dimensions, recommendation it came from).
ACTIONS = (
    (0, "Leaders visit two customers each", "Leadership team", -60, ActionStatus.DONE,
     ("customers",), "customers.watching"),
    (0, "Ask staff before choosing new tools", "HR and team leads", -20, ActionStatus.DOING,
     ("staff",), "staff.watching"),
    (1, "Stop one report nobody reads", "Operations", 30, ActionStatus.PLANNED,
     ("work",), "work.watching"),
    (1, "Monthly small experiments, shared openly", "Innovation group", 45, ActionStatus.DOING,
     ("learning", "business"), ""),
)  # fmt: skip


def _add_actions(rounds: list[Round], today: datetime.date) -> None:
    for index, title, owner, due, status, dimensions, advice in ACTIONS:
        fields = ActionFields(
            title=title,
            owner=owner,
            due_on=today + datetime.timedelta(days=due),
            status=status,
            dimensions=dimensions,
        )
        kind = SourceKind.RECOMMENDATION if advice else SourceKind.OWN
        create_action(rounds[index], fields, kind, advice)
