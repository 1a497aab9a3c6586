"""A respondent answers a whole questionnaire on a phone, with and without JavaScript."""

import pytest
from playwright.sync_api import Page

from mognad.web.apps.rounds.models import Response
from tests.web.factories import group_link_token, make_round, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def answer_every_question(page: Page) -> None:
    """Picks the fourth radio (or the last, if fewer) in every radio group on the page."""
    names: list[str] = []
    for radio in page.locator("input[type=radio]").all():
        name = radio.get_attribute("name") or ""
        if name not in names:
            names.append(name)
    for name in names:
        radios = page.locator(f"input[type=radio][name='{name}']")
        radios.nth(min(3, radios.count() - 1)).check()


@pytest.mark.parametrize("fixture", ["phone", "phone_without_js"])
def test_a_respondent_answers_every_page_and_sees_a_reflection(request, live_server, fixture):
    """From the open link to the reflection page: one stored response, own scores shown."""
    page: Page = request.getfixturevalue(fixture)
    round_ = make_round(make_workspace())
    group = round_.groups.get(key="staff")
    page.goto(f"{live_server.url}/r/{group_link_token(group)}/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Start").click()
    pages_seen = 0
    while True:
        pages_seen += 1
        assert page.locator("progress").count() == 1
        answer_every_question(page)
        send = page.get_by_role("button", name="Send my answers")
        if send.count():
            send.click()
            break
        page.get_by_role("button", name="Next").click()
        assert pages_seen < 20
    page.wait_for_load_state()
    assert "reflection" in page.locator("h1").inner_text()
    assert page.locator(".bar").count() == 7
    assert pages_seen == 7
    stored = Response.objects.get()
    assert stored.group == group
    shown = page.locator(".overall .score").inner_text()
    assert float(shown) == pytest.approx(stored.scores["overall"], abs=0.5)
