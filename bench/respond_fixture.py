"""The data bench/submit.py works on: an open people-first round, its links, ready drafts.

Django must be set up before these functions run (bench/submit.py does it, with the
same environment it gives the server, so derived tokens and client ids agree).
"""

import random
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command

from mognad.core.io import dump_instrument
from mognad.core.model import (
    ChoiceItem,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    PairItem,
    ScaleItem,
    TextItem,
)
from mognad.instruments import find_builtin
from mognad.web.apps.respond import actions
from mognad.web.apps.respond.forms import field_names, merged, parse
from mognad.web.apps.respond.pages import page_dimensions, page_items
from mognad.web.apps.rounds.models import Draft, GroupKind, Response, Round, RoundGroup, RoundState
from mognad.web.apps.workspaces.models import Workspace
from mognad.web.tokens import derived_token, hash_token, new_salt, new_token

INSTRUMENT = "people-first"
Form = list[tuple[str, str]]


@dataclass
class Plan:
    """What the virtual respondents need: the form fields of each page and the links."""

    round_id: int
    item_count: int
    pages: list[Form]
    answers: dict[str, Any]
    journey_links: list[str]
    burst_link: str
    submit_link: str


@dataclass
class Ready:
    """A draft with every page saved, waiting for its submit."""

    link: str
    resume_token: str
    client_id: str


def create_plan(journey_groups: int, seed: int = 7) -> Plan:
    """Migrates the empty database and opens a round with one group per open link."""
    call_command("migrate", verbosity=0, interactive=False)
    instrument = find_builtin(INSTRUMENT)
    assert instrument is not None
    round_ = _open_round(instrument)
    keys = ["burst", "submit", *(f"journey-{n}" for n in range(journey_groups))]
    links = {key: f"/r/{_add_group(round_, key)}/" for key in keys}
    pages = _page_forms(instrument, random.Random(seed))
    return Plan(
        round_id=round_.pk,
        item_count=sum(len(page_items(d)) for d in page_dimensions(instrument)),
        pages=pages,
        answers=_answers(instrument, pages),
        journey_links=[links[key] for key in keys[2:]],
        burst_link=links["burst"],
        submit_link=links["submit"],
    )


def _open_round(instrument: Instrument) -> Round:
    workspace = Workspace.objects.create(name="Bench", slug="bench")
    return Round.objects.create(
        workspace=workspace,
        title="Bench",
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        instrument_yaml=dump_instrument(instrument),
        series_index=0,
        languages=list(instrument.languages),
        k=5,
        state=RoundState.OPEN,
    )


def _add_group(round_: Round, key: str) -> str:
    """Adds a group and returns its open link's token."""
    salt = new_salt()
    token = derived_token("group-link", salt)
    RoundGroup.objects.create(
        round=round_,
        key=key,
        name=key.title(),
        kind=GroupKind.CUSTOM,
        link_salt=salt,
        link_token_hash=hash_token(token),
    )
    return token


def _page_forms(instrument: Instrument, rng: random.Random) -> list[Form]:
    """Every item on every page answered, as a browser without JavaScript posts it."""
    forms: list[Form] = []
    for dimension in page_dimensions(instrument):
        form: Form = []
        for item in page_items(dimension):
            form.append(("_shown", item.key))
            values = _values(instrument, item, rng)
            form.extend(zip(field_names(item), values, strict=True))
        forms.append(form)
    return forms


def _values(instrument: Instrument, item: Item, rng: random.Random) -> list[str]:
    """One plausible answer per field of the item."""
    if isinstance(item, ScaleItem | PairItem):
        scale = instrument.resolve_scale(item)
        return [str(rng.randint(scale.min, scale.max)) for _ in field_names(item)]
    if isinstance(item, ChoiceItem):
        options = [o for o in instrument.resolve_options(item) if not o.missing]
        return [rng.choice(options).key]
    if isinstance(item, MultiItem):
        return [next(o.key for o in item.options if not o.missing and not o.exclusive)]
    if isinstance(item, NumberItem):
        return [str(int(item.min))]
    assert isinstance(item, TextItem)
    return ["Ask one customer a week what they would change."]


def _answers(instrument: Instrument, pages: list[Form]) -> dict[str, Any]:
    """The answers document the pages' forms leave in a draft, read as the server reads them."""
    answers: dict[str, Any] = {}
    for dimension, form in zip(page_dimensions(instrument), pages, strict=True):
        raw: dict[str, list[str]] = {}
        for name, value in form:
            raw.setdefault(name, []).append(value)
        values, errors = parse(instrument, page_items(dimension), raw)
        assert not errors, errors
        answers = merged(answers, values)
    return answers


def ready_drafts(plan: Plan, count: int) -> list[Ready]:
    """`count` drafts on the submit link with every page saved, made straight in the database."""
    group = RoundGroup.objects.get(round_id=plan.round_id, key="submit")
    tokens = [new_token() for _ in range(count)]
    drafts = [
        Draft(
            round_id=plan.round_id,
            group=group,
            resume_token_hash=hash_token(token),
            language="en",
            answers=plan.answers,
            page=len(plan.pages),
        )
        for token in tokens
    ]
    Draft.objects.bulk_create(drafts, batch_size=500)
    return [
        Ready(plan.submit_link, token, str(actions.client_id_for(draft)))
        for token, draft in zip(tokens, drafts, strict=True)
    ]


def stored_client_ids(client_ids: list[str]) -> set[str]:
    """Those of `client_ids` that have a Response row."""
    found: set[str] = set()
    for start in range(0, len(client_ids), 500):
        chunk = [uuid.UUID(c) for c in client_ids[start : start + 500]]
        rows = Response.objects.filter(client_id__in=chunk).values_list("client_id", flat=True)
        found.update(str(c) for c in rows)
    return found


def response_count(plan: Plan) -> int:
    return Response.objects.filter(round_id=plan.round_id).count()
