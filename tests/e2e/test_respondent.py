"""A respondent answers a whole questionnaire on a phone, with and without JavaScript.

Without JavaScript every page change is a post and a redirect followed: two requests.
With JavaScript (htmx) it is one request, whose answer is the next page itself.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from mognad.web.apps.respond.pages import page_of_items
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Draft, Response
from tests.web.factories import group_link_token, make_round, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = 7
# What a browser asks for to show a page: a navigation, or htmx's request.
PAGE_KINDS = ("document", "xhr", "fetch")


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


class Requests:
    """The page's requests for pages (not styles or scripts), counted from one moment on."""

    def __init__(self, page: Page, server: LiveServer) -> None:
        self.seen: list[Request] = []
        self.server = server.url
        page.on("request", self._see)

    def _see(self, request: Request) -> None:
        if request.url.startswith(self.server) and request.resource_type in PAGE_KINDS:
            self.seen.append(request)

    @contextmanager
    def counted(self) -> Iterator[list[str]]:
        """The requests sent within the block, as 'METHOD path' (a redirect followed too)."""
        self.seen.clear()
        listed: list[str] = []
        yield listed
        listed.extend(f"{r.method} {_path(r.url)}" for r in self.seen)


def _path(url: str) -> str:
    """The URL without scheme, host and the first slash, as the requests are listed."""
    return url.split("/", 3)[3]


def _open_link(page: Page, live_server: LiveServer) -> str:
    round_ = make_round(make_workspace())
    link = f"{live_server.url}/r/{group_link_token(round_.groups.get(key='staff'))}/"
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "en"
    return link


def _at_page(page: Page, link: str, number: int) -> None:
    """Waits until page `number` is shown under its own address."""
    expect(page.locator("progress")).to_have_attribute("value", str(number))
    expect(page).to_have_url(f"{link}p/{number}/")
    expect(page).to_have_title(f"Page {number} of {PAGES}: " + page.locator("h1").inner_text())


def _sees_reflection(page: Page, link: str) -> None:
    expect(page.locator("h1")).to_contain_text("reflection")
    expect(page).to_have_url(f"{link}done/")
    assert page.locator(".bar").count() == PAGES
    stored = Response.objects.get()
    assert stored.group.key == "staff"
    shown = page.locator(".overall .score").inner_text()
    assert float(shown) == pytest.approx(stored.scores["overall"], abs=0.5)


def test_with_javascript_each_page_change_is_one_request_and_back_works(
    live_server: LiveServer, phone: Page
) -> None:
    """Start, every Next, the page's Back and Send each take one request; focus lands on
    the new heading; the browser's Back and Forward show the pages again (the welcome
    page too) with their answers; the reflection appears."""
    requests = Requests(phone, live_server)
    link = _open_link(phone, live_server)
    start = phone.get_by_role("button", name="Start")
    with requests.counted() as sent:
        start.click()
        _at_page(phone, link, 1)
    assert sent == [f"POST {_path(link)}"]
    expect(phone.locator("main h1")).to_be_focused()
    with requests.counted() as sent:
        phone.go_back()
        expect(start).to_be_visible()
    assert sent == [f"GET {_path(link)}"] and phone.url == link
    with requests.counted() as sent:
        start.click()
        _at_page(phone, link, 1)
    assert len(sent) == 1
    for number in range(1, PAGES):
        answer_every_question(phone)
        button = phone.get_by_role("button", name="Next")
        with requests.counted() as sent:
            button.click()
            _at_page(phone, link, number + 1)
        assert sent == [f"POST {_path(link)}p/{number}/"]
        expect(phone.locator("main h1")).to_be_focused()
        if number == 2:
            with requests.counted() as sent:
                phone.go_back()
                _at_page(phone, link, 2)
            assert sent == [f"GET {_path(link)}p/2/"]
            expect(phone.locator("input[type=radio]:checked")).not_to_have_count(0)
            expect(phone.locator("main h1")).to_be_focused()
            with requests.counted() as sent:
                phone.go_forward()
                _at_page(phone, link, 3)
            assert sent == [f"GET {_path(link)}p/3/"]
        if number == 4:
            with requests.counted() as sent:
                phone.get_by_role("button", name="Back").click()
                _at_page(phone, link, 4)
            assert sent == [f"POST {_path(link)}p/5/"]
            answer_every_question(phone)
            with requests.counted() as sent:
                phone.get_by_role("button", name="Next").click()
                _at_page(phone, link, 5)
            assert len(sent) == 1
    answer_every_question(phone)
    send = phone.get_by_role("button", name="Send my answers")
    with requests.counted() as sent:
        send.click()
        _sees_reflection(phone, link)
    assert sent == [f"POST {_path(link)}submit/"]
    expect(phone.locator("main h1")).to_be_focused()
    assert phone.locator("html").get_attribute("lang") == "en"


def test_with_javascript_a_page_with_errors_focuses_the_summary(
    live_server: LiveServer, phone: Page
) -> None:
    """Next with an answer off the scale: the same page with its message, one request,
    the address unchanged and the focus on the error summary."""
    link = _open_link(phone, live_server)
    phone.get_by_role("button", name="Start").click()
    _at_page(phone, link, 1)
    # No choice on the page is wrong, so one is made so, as a stale or tampered form would.
    first = phone.locator("input[type=radio]").first
    first.evaluate("radio => { radio.value = '9'; }")
    first.check()
    requests = Requests(phone, live_server)
    summary = phone.locator(".error-summary")
    with requests.counted() as sent:
        phone.get_by_role("button", name="Next").click()
        expect(summary).to_be_visible()
    assert len(sent) == 1
    expect(summary).to_be_focused()
    expect(phone).to_have_url(f"{link}p/1/")


def test_with_javascript_a_post_that_fails_says_so_and_keeps_the_page(
    live_server: LiveServer, phone: Page
) -> None:
    """No connection, then a server error: the page stays with its answers and says the
    post failed; the next try moves on."""
    link = _open_link(phone, live_server)
    phone.get_by_role("button", name="Start").click()
    _at_page(phone, link, 1)
    answer_every_question(phone)
    checked = phone.locator("input[type=radio]:checked").count()
    notice = phone.locator(".send-failed")
    expect(notice).to_be_hidden()
    for fail in (lambda route: route.abort(), lambda route: route.fulfill(status=500)):
        phone.route(f"{link}p/1/", fail)
        phone.get_by_role("button", name="Next").click()
        expect(notice).to_be_visible()
        phone.unroute(f"{link}p/1/")
        expect(phone).to_have_url(f"{link}p/1/")
        assert phone.locator("input[type=radio]:checked").count() == checked
        phone.evaluate("document.querySelector('.send-failed').hidden = true")
    phone.get_by_role("button", name="Next").click()
    _at_page(phone, link, 2)
    expect(notice).to_be_hidden()


def test_with_javascript_an_answer_shows_its_follow_up_without_moving_on(
    live_server: LiveServer, phone: Page
) -> None:
    """A live update shows the follow-up question in place: the address and the focus stay;
    Next then saves both answers and moves on in one request."""
    round_ = make_round(make_workspace("theses"), "seven-theses")
    link = f"{live_server.url}/r/{group_link_token(round_.groups.get(key='staff'))}/"
    number = page_of_items(round_instrument(round_))["availability.targets"]
    phone.goto(link)
    phone.get_by_role("button", name="Start").click()
    _at_page(phone, link, 1)
    phone.goto(f"{link}p/{number}/")
    requests = Requests(phone, live_server)
    follow_up = phone.locator("input[name='availability.targets_met']")
    expect(follow_up).to_have_count(0)
    yes = phone.locator("#q-availability-targets-yes")
    with requests.counted() as sent:
        yes.check()
        expect(follow_up.first).to_be_visible()
    assert sent == [f"POST {_path(link)}p/{number}/"]
    expect(phone).to_have_url(f"{link}p/{number}/")
    expect(yes).to_be_focused()
    follow_up.nth(3).check()
    with requests.counted() as sent:
        phone.get_by_role("button", name="Next").click()
        _at_page(phone, link, number + 1)
    assert len(sent) == 1
    answers = Draft.objects.get().answers
    assert answers["availability.targets"] == "yes" and answers["availability.targets_met"] == 4


def test_without_javascript_each_page_change_is_a_post_and_a_redirect(
    live_server: LiveServer, phone_without_js: Page
) -> None:
    """From the open link to the reflection page by post/redirect/get: one stored response."""
    page = phone_without_js
    requests = Requests(page, live_server)
    link = _open_link(page, live_server)
    with requests.counted() as sent:
        page.get_by_role("button", name="Start").click()
    assert [s.split()[0] for s in sent] == ["POST", "GET"]
    for number in range(1, PAGES + 1):
        _at_page(page, link, number)
        answer_every_question(page)
        if number == PAGES:
            break
        with requests.counted() as sent:
            page.get_by_role("button", name="Next").click()
        assert [s.split()[0] for s in sent] == ["POST", "GET"]
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    _sees_reflection(page, link)
