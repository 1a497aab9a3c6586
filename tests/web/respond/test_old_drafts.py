"""Drafts nobody touched for a while are deleted by `mognad-manage delete_old_drafts`."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mognad.web.apps.rounds.models import Draft, Response
from tests.web.respond.helpers import answer_pages, start

pytestmark = pytest.mark.django_db


def _age(days: int) -> None:
    """Makes every draft look last saved `days` days ago."""
    Draft.objects.update(updated_on=timezone.localdate() - datetime.timedelta(days=days))


def _run(*args: str) -> str:
    out = StringIO()
    call_command("delete_old_drafts", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_drafts_untouched_for_longer_than_the_given_days(client, staff_link):
    """A draft saved 31 days ago goes with the default of 30; the count is printed."""
    start(client, staff_link)
    _age(31)
    assert "Deleted 1 draft(s)" in _run()
    assert not Draft.objects.exists()


def test_it_keeps_drafts_saved_within_the_given_days(client, people_first, staff_link):
    """A draft saved today and one saved 30 days ago stay; so do submitted responses."""
    start(client, staff_link)
    _age(30)
    other = client.__class__()
    start(other, staff_link)
    answer_pages(other, people_first, staff_link, 1)
    assert "Deleted 0 draft(s)" in _run()
    assert Draft.objects.count() == 2
    assert "Deleted 1 draft(s)" in _run("--days", "10")
    assert Draft.objects.get().page == 2
    assert not Response.objects.exists()


def test_a_respondent_whose_draft_was_deleted_starts_afresh(client, staff_link):
    """The resume cookie then finds nothing: the welcome page shows instead of a broken page."""
    first_page = start(client, staff_link)
    _age(40)
    _run()
    response = client.get(first_page)
    assert response.status_code == 302
    assert response["Location"] == staff_link
    assert client.get(staff_link).status_code == 200


def test_it_refuses_days_below_one():
    """Zero would delete every draft, answers typed a minute ago included."""
    with pytest.raises(CommandError, match="--days must be at least 1"):
        _run("--days", "0")
