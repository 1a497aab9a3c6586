"""Answering the respondent's pages through HTTP, as a browser without JavaScript would."""

from typing import Any

from django.test import Client

from mognad.core.model import (
    ChoiceItem,
    Instrument,
    MultiItem,
    NumberItem,
    PairItem,
    ScaleItem,
    TextItem,
)
from mognad.web.apps.respond.pages import page_dimensions, page_items
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round


def page_post(instrument: Instrument, number: int, action: str = "next") -> dict[str, Any]:
    """A plausible answer to every item on a page (shown or not), as form fields."""
    data: dict[str, Any] = {"action": action}
    for item in page_items(page_dimensions(instrument)[number - 1]):
        data["_shown"] = [*data.get("_shown", []), item.key]
        if isinstance(item, PairItem):
            data[f"{item.key}:importance"] = "5"
            data[f"{item.key}:performance"] = "3"
        elif isinstance(item, ScaleItem):
            data[item.key] = "4"
        elif isinstance(item, ChoiceItem):
            data[item.key] = instrument.resolve_options(item)[0].key
        elif isinstance(item, MultiItem):
            data[item.key] = [item.options[0].key]
        elif isinstance(item, NumberItem):
            data[item.key] = str(int(item.min))
        elif isinstance(item, TextItem):
            data[item.key] = "Talk to one customer a week."
    return data


def start(client: Client, entry: str) -> str:
    """Presses Start on the welcome page; returns the first page's URL."""
    response = client.post(entry)
    assert response.status_code == 302
    return str(response["Location"])


def page_url(entry: str, number: int) -> str:
    return f"{entry}p/{number}/"


def answer_pages(client: Client, round_: Round, entry: str, upto: int) -> None:
    """Answers pages 1..upto with Next."""
    instrument = round_instrument(round_)
    for number in range(1, upto + 1):
        response = client.post(page_url(entry, number), page_post(instrument, number))
        assert response.status_code == 302, response.content.decode()[:2000]


def client_id_on(html: str) -> str:
    marker = 'name="client_id" value="'
    start_at = html.index(marker) + len(marker)
    return html[start_at : html.index('"', start_at)]
