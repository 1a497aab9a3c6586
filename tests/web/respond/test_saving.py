"""Saving a page: what another tab saved meanwhile is kept, and a gone draft is told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mognad.web.apps.respond import actions
from mognad.web.apps.rounds.models import Draft
from tests.web.respond.helpers import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, staff_link) -> Draft:
    start(client, staff_link)
    return Draft.objects.get()


def test_a_save_lays_the_page_over_the_draft_in_one_statement(draft):
    before = Draft.objects.get(pk=draft.pk)
    with CaptureQueriesContext(connection) as queries:
        saved = actions.save_page(before, {"customers.contact": 4}, 2)
    assert len(queries.captured_queries) == 1
    stored = Draft.objects.get(pk=draft.pk)
    assert stored.answers == saved.answers == {"customers.contact": 4}
    assert stored.page == saved.page == 2
    assert before.answers == {}, "the draft as read is left as it was"


def test_what_another_tab_saved_meanwhile_is_kept(draft):
    first_tab = Draft.objects.get(pk=draft.pk)
    second_tab = Draft.objects.get(pk=draft.pk)
    actions.save_page(second_tab, {"strategy.vision": 3}, 3)
    saved = actions.save_page(first_tab, {"customers.contact": 4}, 2)
    expected = {"strategy.vision": 3, "customers.contact": 4}
    assert saved.answers == Draft.objects.get(pk=draft.pk).answers == expected
    assert saved.page == 2


def test_an_empty_field_removes_an_answer_another_tab_saved(draft):
    first_tab = Draft.objects.get(pk=draft.pk)
    actions.save_page(Draft.objects.get(pk=draft.pk), {"customers.contact": 4}, 2)
    actions.save_page(first_tab, {"customers.contact": None}, 1)
    assert Draft.objects.get(pk=draft.pk).answers == {}


def test_saving_a_draft_that_went_meanwhile_says_so(draft):
    read = Draft.objects.get(pk=draft.pk)
    Draft.objects.filter(pk=draft.pk).delete()
    with pytest.raises(actions.DraftGone):
        actions.save_page(read, {"customers.contact": 4}, 2)
    assert not Draft.objects.exists()
