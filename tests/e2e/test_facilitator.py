"""A facilitator starts from nothing and has an open round with links, on a phone, without JS."""

import pytest
from playwright.sync_api import Page

from mognad.web.apps.rounds.models import Round, RoundState

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_facilitator_signs_up_and_opens_a_round(live_server, phone_without_js: Page):
    """Sign up, create a workspace, start a round from the library, open it, share the link."""
    page = phone_without_js
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("E-mail address").fill("lead@example.org")
    page.get_by_label("Password:").fill("a long and unusual passphrase 42")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_label("Name of the organisation or team").fill("Harbour Rowing Club")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/w/harbour-rowing-club/")
    page.get_by_role("link", name="Library").first.click()
    page.wait_for_url("**/library/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("a[href$='/rounds/new/?instrument=people-first']").click()
    page.wait_for_url("**/rounds/new/**")
    page.get_by_label("Title").fill("Spring check")
    page.get_by_role("button", name="Create the round").click()
    page.get_by_role("button", name="Open the round").click()
    round_ = Round.objects.get(title="Spring check")
    assert round_.state == RoundState.OPEN
    links = [field.input_value() for field in page.locator("input.link").all()]
    assert links and all("/r/" in link for link in links)
    page.goto(links[0])
    assert page.get_by_role("button", name="Start").count() == 1
