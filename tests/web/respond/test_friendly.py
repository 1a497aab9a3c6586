"""Dead ends are friendly pages in the respondent's language, and links are rate-limited."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from mognad.web.apps.rounds.models import Draft, RoundState
from tests.web.factories import group_link_token
from tests.web.respond.helpers import page_url, start

pytestmark = pytest.mark.django_db

LOW_LIMITS = {"invitation": 3, "link": 3, "unknown": 2}


def test_a_broken_link_answers_404_with_a_friendly_page(client):
    """An unknown token, or one with characters no token has, gets a kind explanation."""
    for url in ("/r/no-such-token/", "/i/no-such-token/", "/r/a%3Bb%20c/", "/r/x/p/2/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()


def test_a_broken_link_page_speaks_the_browsers_language(client):
    """Without a round, the page picks among the site's languages."""
    response = client.get("/r/no-such-token/", HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="de">' in response.content.decode()


def test_a_closed_round_gets_a_friendly_page_and_no_draft(client, people_first, staff_link):
    """Neither the welcome page nor Start work once the round is closed."""
    people_first.state = RoundState.CLOSED
    people_first.save(update_fields=["state"])
    for response in (client.get(staff_link), client.post(staff_link)):
        assert response.status_code == 200
        assert "This questionnaire is closed" in response.content.decode()
    assert Draft.objects.count() == 0


def test_a_round_past_its_closing_day_is_closed_for_open_drafts(client, people_first, staff_link):
    """A draft started before the closing day cannot go on after it."""
    start(client, staff_link)
    people_first.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    people_first.save(update_fields=["closes_on"])
    assert "This questionnaire is closed" in client.get(page_url(staff_link, 1)).content.decode()


def test_a_round_not_open_yet_says_so(client, people_first, staff_link):
    """A draft round's link explains that it opens later."""
    people_first.state = RoundState.DRAFT
    people_first.save(update_fields=["state"])
    assert "not open yet" in client.get(staff_link).content.decode()


def test_a_page_without_a_draft_leads_to_the_welcome_page(client, staff_link):
    """Opening a page URL with no draft goes back to the start instead of failing."""
    response = client.get(page_url(staff_link, 3))
    assert response.status_code == 302 and response["Location"] == staff_link


def test_a_page_number_out_of_range_goes_to_a_real_page(client, staff_link):
    """Page 99 of seven leads to the last page."""
    start(client, staff_link)
    assert client.get(page_url(staff_link, 99))["Location"] == page_url(staff_link, 7)


@override_settings(MOGNAD_RESPOND_RATE_LIMITS=LOW_LIMITS)
def test_a_link_opened_too_often_answers_429_per_token(client, people_first, staff_link):
    """Past the limit in one minute the link gets a friendly 429; other links are unaffected."""
    for _ in range(3):
        assert client.get(staff_link).status_code == 200
    throttled = client.get(staff_link)
    assert throttled.status_code == 429
    assert "Please wait a minute" in throttled.content.decode()
    assert client.post(staff_link).status_code == 429
    leadership = f"/r/{group_link_token(people_first.groups.get(key='leadership'))}/"
    assert client.get(leadership).status_code == 200


@override_settings(MOGNAD_RESPOND_RATE_LIMITS=LOW_LIMITS)
def test_unknown_tokens_share_one_limit(client, staff_link):
    """Guessing tokens is slowed down across all guesses; real links keep working."""
    assert client.get("/r/guess-one/").status_code == 404
    assert client.get("/r/guess-two/").status_code == 404
    assert client.get("/r/guess-three/").status_code == 429
    assert client.get(staff_link).status_code == 200


NO_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@override_settings(CACHES=NO_REDIS, MOGNAD_RESPOND_RATE_LIMITS=LOW_LIMITS)
def test_a_link_still_opens_when_the_shared_cache_is_down(client, staff_link, caplog):
    """No count can be kept, so no limit is applied: the respondent gets the welcome page."""
    for _ in range(4):
        assert client.get(staff_link).status_code == 200
    assert "the rate limit is not applied" in caplog.text
