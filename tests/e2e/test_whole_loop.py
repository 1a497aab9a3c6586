"""Issue 3 end to end: from a facilitator's new round to its results, through a respondent."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, StorageState, expect
from pytest_django.live_server_helper import LiveServer

from mognad.web.apps.rounds.models import Response, Round, RoundState
from tests.e2e.conftest import PHONE, Shoot
from tests.e2e.test_respondent import answer_every_question
from tests.web.factories import PASSWORD, make_user, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = 7


def test_a_round_goes_from_the_library_to_results_through_a_resumed_swedish_answer(
    live_server: LiveServer, browser: Browser, phone: Page, shoot: Shoot
) -> None:
    """The scenario of issue 3, in real browsers on a 390×844 phone.

    A facilitator logs in, starts a people-first round from the library (k = 5, the
    default groups), opens it and copies the staff group's link. A respondent whose
    browser asks for Swedish gets the welcome page in Swedish, answers two pages, closes
    the browser, comes back through the same link with the same cookies, resumes at
    page 3, sends, and sees the reflection in Swedish. Four more staff answers go
    through the respondent's HTTP routes, so staff reaches k = 5, and the facilitator
    sees the radar chart, its table alternative and 5 staff answers on the results page.
    A full-page screenshot is kept of each step.
    """
    shots: list[Path] = []
    link = _facilitator_opens_a_round(live_server.url, phone, shoot, shots)
    round_ = Round.objects.get(title="Spring check")
    assert round_.state == RoundState.OPEN and round_.k == 5
    assert sorted(round_.groups.values_list("key", flat=True)) == ["leadership", "staff"]

    _respondent_answers_in_two_sittings(browser, link, shoot, shots)
    assert Response.objects.get().group.key == "staff"

    for _ in range(4):
        _answer_over_http(urlsplit(link).path)
    assert Response.objects.filter(round=round_, group__key="staff").count() == 5

    _facilitator_reads_results(phone, round_, shoot, shots)
    assert [path.name[:3] for path in shots] == [f"{n:02d}-" for n in range(1, 10)]
    assert all(path.is_file() and path.stat().st_size > 0 for path in shots)


def _facilitator_opens_a_round(base: str, page: Page, shoot: Shoot, shots: list[Path]) -> str:
    """Logs in, starts and opens a round, and returns the staff group's open link."""
    make_workspace("acme", make_user("lead@example.org"))
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill("lead@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    shots.append(shoot(page, "login"))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/w/")
    page.locator("a[href='/w/acme/']").first.click()
    page.wait_for_url("**/w/acme/")
    page.locator("a[href='/w/acme/library/']").first.click()
    page.wait_for_url("**/w/acme/library/")
    shots.append(shoot(page, "library"))
    page.locator("a[href$='/rounds/new/?instrument=people-first']").click()
    page.wait_for_url("**/rounds/new/?instrument=people-first")
    page.get_by_label("Title").fill("Spring check")
    assert page.get_by_label("Anonymity threshold (k)").input_value() == "5"
    shots.append(shoot(page, "new-round"))
    page.get_by_role("button", name="Create the round").click()
    page.wait_for_url(re.compile(r"/w/acme/rounds/\d+/$"))
    page.get_by_role("button", name="Open the round").click()
    # Opening redirects back to the same address, so the page's state shows it is done.
    expect(page.get_by_role("button", name="Close the round")).to_be_visible()
    shots.append(shoot(page, "round-open"))
    staff = page.locator("li.group").filter(has=page.get_by_role("heading", name="Staff"))
    return staff.locator("input.link").input_value()


def _respondent_answers_in_two_sittings(
    browser: Browser, link: str, shoot: Shoot, shots: list[Path]
) -> None:
    first = _swedish_phone(browser)
    page = first.new_page()
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "sv"
    shots.append(shoot(page, "welcome-sv"))
    page.get_by_role("button", name="Börja").click()
    page.wait_for_url("**/p/1/")
    for number in (1, 2):
        answer_every_question(page)
        if number == 2:
            shots.append(shoot(page, "page-2-sv"))
        page.get_by_role("button", name="Nästa").click()
        page.wait_for_url(f"**/p/{number + 1}/")
    cookies = first.storage_state()
    first.close()

    second = _swedish_phone(browser, cookies)
    page = second.new_page()
    page.goto(link)
    page.wait_for_url("**/p/3/")
    assert page.locator("progress").get_attribute("value") == "3"
    assert page.locator(".progress label").inner_text() == f"Sida 3 av {PAGES}"
    shots.append(shoot(page, "resumed-at-3"))
    for number in range(3, PAGES):
        answer_every_question(page)
        page.get_by_role("button", name="Nästa").click()
        page.wait_for_url(f"**/p/{number + 1}/")
    answer_every_question(page)
    page.get_by_role("button", name="Skicka mina svar").click()
    page.wait_for_url("**/done/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text().startswith("Tack")
    shots.append(shoot(page, "reflection-sv"))
    second.close()


def _swedish_phone(browser: Browser, state: StorageState | None = None) -> BrowserContext:
    """A phone whose browser asks for Swedish (Accept-Language: sv-SE)."""
    return browser.new_context(viewport=PHONE, locale="sv-SE", storage_state=state)


def _facilitator_reads_results(page: Page, round_: Round, shoot: Shoot, shots: list[Path]) -> None:
    page.locator("a[href='/w/acme/']").first.click()
    page.wait_for_url("**/w/acme/")
    page.locator(f"a[href='/w/acme/results/{round_.pk}/']").first.click()
    page.wait_for_url(f"**/w/acme/results/{round_.pk}/")
    staff_row = page.locator("table.participation tbody tr").filter(has_text="Staff")
    assert staff_row.locator("td").first.inner_text() == "5"
    radar = page.locator(".radar-figure svg")
    assert radar.count() == 1 and radar.locator("title").count() >= 1
    assert page.locator("table.scores tbody tr").count() >= 1
    shots.append(shoot(page, "results"))


class _FormReader(HTMLParser):
    """The inputs of a respondent's page: hidden fields as they are, radios by group."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, list[str]] = {}
        self.radios: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name, value = found.get("name") or "", found.get("value") or ""
        if tag != "input" or not name:
            return
        if found.get("type") == "hidden":
            self.hidden.setdefault(name, []).append(value)
        elif found.get("type") == "radio":
            self.radios.setdefault(name, []).append(value)


def _answer_over_http(path: str) -> None:
    """One more respondent through the open link's routes, with Django's test client."""
    client = Client()
    at = client.post(path, {"lang": "en"})["Location"]
    for number in range(1, PAGES):
        assert at.endswith(f"/p/{number}/")
        at = client.post(at, {**_page_answers(client, at), "action": "next"})["Location"]
    answers = _page_answers(client, at)
    done = client.post(path + "submit/", {**answers, "action": "submit"})
    assert done.status_code == 302 and done["Location"].endswith("/done/")


def _page_answers(client: Client, address: str) -> dict[str, list[str]]:
    """The page's hidden fields, and the fourth option (or the last) of every radio group."""
    reader = _FormReader()
    reader.feed(client.get(address).content.decode())
    chosen = {name: [values[min(3, len(values) - 1)]] for name, values in reader.radios.items()}
    return {**reader.hidden, **chosen}
