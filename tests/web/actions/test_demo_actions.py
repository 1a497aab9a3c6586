"""The demo workspace has actions to show on every page that shows actions."""

import pytest
from django.urls import reverse

from mognad.web.apps.rounds.models import Round
from mognad.web.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG, load_demo


@pytest.fixture
def demo_client(db, client):
    load_demo()
    client.login(username=DEMO_EMAIL, password=DEMO_PASSWORD)
    return client


def test_the_open_demo_round_lists_the_actions_still_open(demo_client):
    """T2's page shows T0's and T1's planned and ongoing actions, not the finished one."""
    t2 = Round.objects.get(workspace__slug=DEMO_SLUG, series_index=2)
    page = demo_client.get(reverse("rounds:detail", args=[DEMO_SLUG, t2.pk])).content.decode()
    assert "Open actions from earlier rounds" in page
    assert "Stop one report nobody reads" in page and "Ask staff before choosing" in page
    assert "Leaders visit two customers each" not in page


def test_the_second_demo_round_shows_the_change_after_its_actions(demo_client):
    """T1's results list T0's actions with a signed change for each aimed dimension."""
    t1 = Round.objects.get(workspace__slug=DEMO_SLUG, series_index=1)
    page = demo_client.get(reverse("results:round", args=[DEMO_SLUG, t1.pk])).content.decode()
    section = page[page.index("Actions from earlier rounds") :]
    assert "Leaders visit two customers each" in section
    assert "<strong>+" in section
