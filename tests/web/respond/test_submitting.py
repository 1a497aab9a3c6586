"""Submitting: one response stored once, from what is saved, in a few statements."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mognad.core.reference import score_response
from mognad.web.apps.respond import actions
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Draft, Response
from tests.web.factories import uniform_answers
from tests.web.respond.helpers import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, people_first, staff_link) -> Draft:
    """A draft with every question answered 3 (or its nearest option)."""
    start(client, staff_link)
    Draft.objects.update(answers=uniform_answers(round_instrument(people_first), 3))
    return Draft.objects.get()


def _submit(draft: Draft, values: dict[str, object]) -> Response:
    instrument = round_instrument(draft.round)
    ready = actions.prepare_response(instrument, draft, values, actions.client_id_for(draft))
    return actions.submit_response(instrument, draft, values, ready)


def test_a_submit_stores_the_response_and_deletes_the_draft_in_two_statements(draft):
    """The answers, the reference scorer's scores; the draft gone; nothing read again."""
    round_instrument(draft.round)
    with CaptureQueriesContext(connection) as queries:
        stored = _submit(draft, {"customers.contact": 5})
    sql = [q["sql"] for q in queries.captured_queries]
    assert [s.split()[0] for s in sql if not s.startswith(("BEGIN", "SAVEPOINT", "RELEASE"))] == [
        "INSERT",
        "DELETE",
    ]
    row = Response.objects.get()
    assert row.pk == stored.pk and row.answers["customers.contact"] == 5
    expected = score_response(round_instrument(draft.round), row.answers)
    assert row.scores["overall"] == expected.overall
    assert row.scores["dimensions"] == expected.dimensions
    assert not Draft.objects.exists()


def test_what_another_tab_saved_before_the_submit_is_sent(draft):
    """The response is made from what is stored, with the sent page laid over it."""
    read = Draft.objects.get(pk=draft.pk)
    actions.save_page(Draft.objects.get(pk=draft.pk), {"work.value": 5}, 3)
    stored = _submit(read, {"customers.contact": 1})
    row = Response.objects.get()
    assert row.answers["work.value"] == 5 and row.answers["customers.contact"] == 1
    assert row.pk == stored.pk and row.scores == stored.scores
    assert not Draft.objects.exists()


def test_a_second_submit_of_the_same_draft_returns_the_first_response(draft):
    """A double click or a retry with the same client id stores one response."""
    read_twice = Draft.objects.get(pk=draft.pk)
    first = _submit(draft, {})
    again = _submit(read_twice, {})
    assert again.pk == first.pk
    assert Response.objects.count() == 1


def test_a_submit_whose_draft_went_meanwhile_says_so(draft):
    """Removed (say, as an old draft) and never sent: nothing is stored."""
    instrument = round_instrument(draft.round)
    ready = actions.prepare_response(instrument, draft, {}, uuid.uuid4())
    Draft.objects.all().delete()
    with pytest.raises(actions.DraftGone):
        actions.submit_response(instrument, draft, {}, ready)
    assert not Response.objects.exists()
