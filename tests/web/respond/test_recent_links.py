"""Pages go by a link read a moment ago; a change made here shows at once; submit reads afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mognad.web.apps.respond import links
from mognad.web.apps.rounds.actions import close_round
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Response, Round, RoundState
from tests.web.respond.helpers import answer_pages, client_id_on, page_post, page_url, start

pytestmark = pytest.mark.django_db
CLOSED = "This questionnaire is closed"


def _closed_elsewhere(round_: Round) -> None:
    """As another process closes it: the row changes, this process hears nothing."""
    Round.objects.filter(pk=round_.pk).update(state=RoundState.CLOSED)


def test_the_next_pages_read_only_the_draft(client, staff_link):
    first = start(client, staff_link)
    client.get(first)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(first).status_code == 200
    (query,) = queries.captured_queries
    assert "rounds_round" not in query["sql"]
    assert "rounds_draft" in query["sql"]


def test_a_round_closed_here_shows_its_closed_page_at_once(client, people_first, staff_link):
    first = start(client, staff_link)
    client.get(first)
    close_round(people_first)
    assert CLOSED in client.get(first).content.decode()


def test_a_round_closed_elsewhere_takes_no_response_though_a_page_still_shows(
    client, people_first, staff_link
):
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 6)
    last = client.get(page_url(staff_link, 7)).content.decode()
    _closed_elsewhere(people_first)
    # Within links.RECENT_SECONDS this process still shows the page it just read ...
    assert CLOSED not in client.get(page_url(staff_link, 7)).content.decode()
    # ... but Send reads the round afresh.
    data = {
        **page_post(round_instrument(people_first), 7, "submit"),
        "client_id": client_id_on(last),
    }
    sent = client.post(f"{staff_link}submit/", data)
    assert CLOSED in sent.content.decode()
    assert not Response.objects.exists()


def test_a_round_closed_elsewhere_shows_its_closed_page_soon(
    client, people_first, staff_link, monkeypatch
):
    first = start(client, staff_link)
    client.get(first)
    _closed_elsewhere(people_first)
    monkeypatch.setattr(links, "RECENT_SECONDS", 0.0)
    assert CLOSED in client.get(first).content.decode()
