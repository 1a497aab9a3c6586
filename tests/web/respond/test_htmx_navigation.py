"""With JavaScript (htmx), moving on takes one request: the next page comes back at once.

Start, Next, Back and Send posted by htmx answer with the page the redirect would name,
and HX-Push-Url names that URL; everything else behaves as without JavaScript, which
the other tests in this folder cover.
"""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mognad.web.apps.respond.pages import page_of_items
from mognad.web.apps.respond.views import DONE_COOKIE, RESUME_COOKIE
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Draft, Invitation, Response, Round, RoundState
from mognad.web.tokens import hash_token, new_token
from tests.web.factories import group_link_token, make_round, make_workspace
from tests.web.inline import inline_code
from tests.web.respond.helpers import answer_pages, client_id_on, page_post, page_url, start

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Boosted": "true"}
PUSH = "HX-Push-Url"


def _htmx_start(client: Client, link: str, **data: str):
    response = client.post(link, data, headers=HTMX)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def _send(client: Client, round_: Round, link: str) -> tuple[Any, dict[str, Any]]:
    """Answers pages 1-6 and sends page 7, all with htmx; returns the answer and the form."""
    instrument = round_instrument(round_)
    html = ""
    for number in range(1, 7):
        html = client.post(page_url(link, number), page_post(instrument, number), headers=HTMX)
        html = html.content.decode()
    data = page_post(instrument, 7, "submit")
    data["client_id"] = client_id_on(html)
    return client.post(f"{link}submit/", data, headers=HTMX), data


def test_start_answers_with_the_first_page_and_sets_the_resume_cookie(client, staff_link):
    """One request from the welcome page to page 1; the resume cookie is set on it."""
    response = _htmx_start(client, staff_link, lang="en")
    html = response.content.decode()
    assert response[PUSH] == page_url(staff_link, 1)
    assert "<title>Page 1 of 7: Understanding customers</title>" in html
    assert '<progress id="progress" max="7" value="1">' in html
    assert 'name="customers.contact"' in html
    cookie = response.cookies[RESUME_COOKIE]
    assert cookie.value and cookie["path"] == staff_link and cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    draft = Draft.objects.get()
    assert draft.resume_token_hash == hash_token(cookie.value)
    assert client.get(page_url(staff_link, 1)).status_code == 200


def test_start_in_another_language_answers_in_that_language(client, staff_link):
    """The language posted from the welcome page is the first page's, header included."""
    response = _htmx_start(client, staff_link, lang="de")
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()
    assert "Kunden verstehen" in response.content.decode()
    assert Draft.objects.get().language == "de"


def test_start_again_answers_with_the_page_the_draft_is_on(client, people_first, staff_link):
    """Start with a draft already going leads to its page, as the redirect would."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 2)
    response = _htmx_start(client, staff_link)
    assert response[PUSH] == page_url(staff_link, 3)
    assert '<progress id="progress" max="7" value="3">' in response.content.decode()
    assert Draft.objects.count() == 1


def test_start_on_a_personal_invitation_answers_with_the_first_page(client, people_first):
    """An invitation needs no resume cookie: page 1 comes back and none is set."""
    token = new_token()
    group = people_first.groups.get(key="leadership")
    Invitation.objects.create(
        round=people_first, group=group, email="eva@example.org", token_hash=hash_token(token)
    )
    response = _htmx_start(client, f"/i/{token}/")
    assert response[PUSH] == f"/i/{token}/p/1/"
    assert RESUME_COOKIE not in response.cookies
    assert Draft.objects.get().invitation is not None


def test_next_saves_the_page_and_answers_with_the_next_one(client, people_first, staff_link):
    """The answers are stored and page 2 comes back, with the saved answers of page 2."""
    start(client, staff_link)
    data = page_post(round_instrument(people_first), 1)
    response = client.post(page_url(staff_link, 1), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert response[PUSH] == page_url(staff_link, 2)
    assert "Page 2 of 7" in html and 'name="staff.asked"' in html
    draft = Draft.objects.get()
    assert draft.answers["customers.contact"] == 4
    assert draft.page == 2


def test_back_saves_the_page_and_answers_with_the_one_before(client, people_first, staff_link):
    """Back keeps what was answered on page 2 and shows page 1 with its saved answers."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 1)
    data = page_post(round_instrument(people_first), 2, "back")
    response = client.post(page_url(staff_link, 2), data, headers=HTMX)
    html = response.content.decode()
    assert response[PUSH] == page_url(staff_link, 1)
    assert 'id="q-customers-contact-4" value="4" checked' in html
    draft = Draft.objects.get()
    assert draft.answers["staff.asked"] is not None
    assert draft.page == 1


def test_a_wrong_answer_comes_back_with_its_message_and_stays(client, people_first, staff_link):
    """The same page with the error summary; the address stays; the valid answers are kept."""
    start(client, staff_link)
    data = page_post(round_instrument(people_first), 1)
    data["customers.observe"] = "9"
    response = client.post(page_url(staff_link, 1), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert response[PUSH] == "false"
    assert 'class="error-summary" role="alert"' in html
    assert "Please choose one of the options." in html
    draft = Draft.objects.get()
    assert draft.answers["customers.contact"] == 4
    assert "customers.observe" not in draft.answers
    assert draft.page == 1


def test_a_wrong_answer_on_the_last_page_stays_on_it(client, people_first, staff_link):
    """Send with a message: the page comes back and the address is not the submit URL."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 6)
    data = page_post(round_instrument(people_first), 7, "submit")
    data["personal.next_step"] = "x" * 600
    data["client_id"] = client_id_on(client.get(page_url(staff_link, 7)).content.decode())
    response = client.post(f"{staff_link}submit/", data, headers=HTMX)
    assert response.status_code == 200 and response[PUSH] == "false"
    assert "at most 500 characters" in response.content.decode()
    assert Response.objects.count() == 0


@pytest.fixture
def seven(db: None) -> Round:
    return make_round(make_workspace("theses"), "seven-theses")


def test_a_revealed_question_comes_back_on_the_same_page(client, seven):
    """A follow-up the page did not show yet: the same page with it, named in the address."""
    link = f"/r/{group_link_token(seven.groups.get(key='staff'))}/"
    instrument = round_instrument(seven)
    number = page_of_items(instrument)["availability.targets"]
    start(client, link)
    answer_pages(client, seven, link, number - 1)
    data = page_post(instrument, number)
    data["availability.targets"] = "yes"
    data["_shown"] = [k for k in data["_shown"] if k != "availability.targets_met"]
    del data["availability.targets_met"]
    response = client.post(page_url(link, number), data, headers=HTMX)
    html = response.content.decode()
    assert response[PUSH] == f"{page_url(link, number)}?more=1#q-availability-targets_met"
    assert 'name="availability.targets_met"' in html
    assert "Your answer opened a further question on this page." in html
    assert Draft.objects.get().answers["availability.targets"] == "yes"


def test_a_live_update_neither_moves_on_nor_stores(client, seven):
    """htmx's post without an action only shows or hides questions: no address, no save."""
    link = f"/r/{group_link_token(seven.groups.get(key='staff'))}/"
    number = page_of_items(round_instrument(seven))["availability.targets"]
    start(client, link)
    page = client.get(page_url(link, number)).content.decode()
    assert 'hx-sync="closest form:abort"' in page
    data = {"availability.targets": "partly"}
    response = client.post(page_url(link, number), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response[PUSH] == "false"
    assert 'name="availability.targets_met"' in response.content.decode()
    assert "availability.targets" not in Draft.objects.get().answers


def test_send_answers_with_the_reflection_and_its_cookies(client, people_first, staff_link):
    """One request from the last page to the reflection; the DONE cookie finds it again."""
    _htmx_start(client, staff_link)
    response, _ = _send(client, people_first, staff_link)
    html = response.content.decode()
    assert response.status_code == 200
    assert response[PUSH] == f"{staff_link}done/"
    assert "Thank you — here is your reflection" in html
    assert html.count('class="bar"') == 7
    assert response.cookies[DONE_COOKIE]["path"] == staff_link
    assert response.cookies[DONE_COOKIE]["httponly"]
    assert response.cookies[RESUME_COOKIE].value == ""
    stored = Response.objects.get()
    assert stored.answers["personal.next_step"] == "Talk to one customer a week."
    assert Draft.objects.count() == 0
    again = client.get(f"{staff_link}done/").content.decode()
    assert "Thank you — here is your reflection" in again


def test_a_repeated_send_stores_one_response(client, people_first, staff_link):
    """A double click or a retry, even from another browser, gets the reflection; one row."""
    _htmx_start(client, staff_link)
    first, data = _send(client, people_first, staff_link)
    assert first.status_code == 200
    for sender in (client, Client()):
        again = sender.post(f"{staff_link}submit/", data, headers=HTMX)
        assert again.status_code == 200 and again[PUSH] == f"{staff_link}done/"
        assert "here is your reflection" in again.content.decode()
        assert again.cookies[DONE_COOKIE].value
    assert Response.objects.count() == 1


def test_an_invalid_saved_answer_leads_to_its_page_with_the_message(
    client, people_first, staff_link
):
    """Send with a wrong answer saved earlier: page 2 comes back at once with its message."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 6)
    draft = Draft.objects.get()
    draft.answers = {**draft.answers, "staff.asked": 9}
    draft.save(update_fields=["answers"])
    data = page_post(round_instrument(people_first), 7, "submit")
    data["client_id"] = client_id_on(client.get(page_url(staff_link, 7)).content.decode())
    response = client.post(f"{staff_link}submit/", data, headers=HTMX)
    assert response[PUSH] == f"{page_url(staff_link, 2)}?check=1"
    assert "Please choose one of the options." in response.content.decode()
    assert Response.objects.count() == 0


def test_a_stale_send_gets_the_friendly_page_and_stays(client, staff_link):
    """Send without a draft: the friendly page comes back, the address is not pushed."""
    data = {"client_id": "7f1d4c7e-4a7b-4c1e-9f0a-1d2b3c4d5e6f", "action": "submit"}
    response = client.post(f"{staff_link}submit/", data, headers=HTMX)
    assert response.status_code == 200 and response[PUSH] == "false"
    assert "could not be found" in response.content.decode()
    assert Response.objects.count() == 0


def test_a_send_without_the_drafts_submission_id_answers_with_the_last_page_again(
    client, people_first, staff_link
):
    """What the form carries is saved, and the last page comes back at once with the id
    it needs, pushed as the address a browser without JavaScript is sent to."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 6)
    data = page_post(round_instrument(people_first), 7, "submit")
    data["client_id"] = "7f1d4c7e-4a7b-4c1e-9f0a-1d2b3c4d5e6f"
    response = client.post(f"{staff_link}submit/", data, headers=HTMX)
    assert response.status_code == 200
    assert response[PUSH] == f"{page_url(staff_link, 7)}?again=1"
    html = response.content.decode()
    assert "Please send them once more." in html
    data["client_id"] = client_id_on(html)
    assert client.post(f"{staff_link}submit/", data, headers=HTMX)[PUSH] == f"{staff_link}done/"
    assert Response.objects.count() == 1


def test_a_closed_round_gets_the_friendly_page_on_next(client, people_first, staff_link):
    """Next after the round closed: the friendly page, nothing saved, no address pushed."""
    start(client, staff_link)
    people_first.state = RoundState.CLOSED
    people_first.save(update_fields=["state"])
    data = page_post(round_instrument(people_first), 1)
    response = client.post(page_url(staff_link, 1), data, headers=HTMX)
    assert response.status_code == 200 and response[PUSH] == "false"
    assert "This questionnaire is closed" in response.content.decode()
    assert Draft.objects.get().answers == {}


def test_a_post_without_the_csrf_token_is_refused(people_first, staff_link):
    """htmx's posts carry the form's CSRF token; without it the post is refused."""
    browser = Client(enforce_csrf_checks=True)
    welcome = browser.get(staff_link).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', welcome)
    assert token is not None
    refused = browser.post(staff_link, {"lang": "en"}, headers=HTMX)
    assert refused.status_code == 403 and refused[PUSH] == "false"
    assert Draft.objects.count() == 0
    data = {"lang": "en", "csrfmiddlewaretoken": token[1]}
    assert browser.post(staff_link, data, headers=HTMX)[PUSH] == page_url(staff_link, 1)


def test_the_language_links_stay_plain_links(client, staff_link):
    """The language switch is a link the browser follows, outside any boosted form."""
    html = _htmx_start(client, staff_link).content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert 'href="?lang=de"' in nav and "hx-" not in nav
    switched = client.get(f"{page_url(staff_link, 1)}?lang=nl")
    assert switched.status_code == 302
    assert Draft.objects.get().language == "nl"


def test_back_in_the_browser_gets_the_whole_page_from_the_server(client, people_first, staff_link):
    """htmx's history restore is a GET of the page: the full page with the saved answers."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 1)
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = client.get(page_url(staff_link, 1), headers=restore)
    html = response.content.decode()
    assert response.status_code == 200 and not response.has_header(PUSH)
    assert html.startswith("<!DOCTYPE html>") and "<title>Page 1 of 7" in html
    assert 'id="q-customers-contact-4" value="4" checked' in html


def test_pages_keep_no_copy_in_the_browser_and_no_inline_code(client, staff_link):
    """No history snapshot (it would hold answers), the script loaded deferred, CSP-clean."""
    pages = [client.get(staff_link), _htmx_start(client, staff_link)]
    for response in pages:
        html = response.content.decode()
        assert '<body class="respondent" hx-history="false">' in html
        assert '"historyCacheSize": 0' in html
        assert re.search(r'<script src="[^"]*respond/respond\.js" defer></script>', html)
        assert inline_code(html) == []
    assert 'hx-boost="true"' in pages[0].content.decode()
    assert 'hx-boost="true"' in pages[1].content.decode()


def test_without_javascript_nothing_changes(client, people_first, staff_link):
    """Without HX-Request every move is still a redirect, and no htmx header is sent."""
    response = client.post(staff_link)
    assert response.status_code == 302 and not response.has_header(PUSH)
    data = page_post(round_instrument(people_first), 1)
    response = client.post(page_url(staff_link, 1), data)
    assert response.status_code == 302 and response["Location"] == page_url(staff_link, 2)
    assert not response.has_header(PUSH)


def _statements(browser: Client, url: str, data: dict[str, Any], headers: dict[str, str]) -> int:
    """How many SQL statements the post of `data` to `url` runs."""
    with CaptureQueriesContext(connection) as queries:
        assert browser.post(url, data, headers=headers).status_code in (200, 302)
    return len(queries.captured_queries)


def test_the_next_page_and_the_reflection_cost_no_statement_more(people_first):
    """With htmx, Next and Send run the same SQL as their posts without JavaScript: the
    next page comes from the draft just saved, the reflection from the response stored."""
    entry = f"/r/{group_link_token(people_first.groups.get(key='staff'))}/"
    instrument = round_instrument(people_first)
    browsers = {"plain": (Client(), {}), "htmx": (Client(), HTMX)}
    nexts, sends = {}, {}
    for name, (browser, headers) in browsers.items():
        start(browser, entry)
        answer_pages(browser, people_first, entry, 5)
        nexts[name] = _statements(browser, page_url(entry, 6), page_post(instrument, 6), headers)
        data = page_post(instrument, 7, "submit")
        data["client_id"] = client_id_on(browser.get(page_url(entry, 7)).content.decode())
        sends[name] = _statements(browser, f"{entry}submit/", data, headers)
    assert nexts["plain"] == nexts["htmx"] and sends["plain"] == sends["htmx"]
    assert Response.objects.count() == 2


def test_each_form_has_a_hidden_notice_for_a_post_that_failed(client, staff_link):
    """respond.js shows it when htmx's post gets no answer; it speaks the page's language."""
    welcome = client.get(staff_link, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    page = _htmx_start(client, staff_link, lang="sv").content.decode()
    for html in (welcome, page):
        form = html[html.index("<form") : html.index("</form>")]
        assert '<p class="notice send-failed" role="alert" hidden>' in form
        assert "Sidan kunde inte skickas just nu" in form


def test_back_to_the_link_shows_the_welcome_page_in_the_drafts_language(client, staff_link):
    """Back from page 1 restores the welcome page (no redirect to the draft's page), whose
    Start then leads to that page; without htmx the link still leads straight there."""
    _htmx_start(client, staff_link, lang="de")
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    welcome = client.get(staff_link, headers=restore)
    assert welcome.status_code == 200
    assert '<html lang="de">' in welcome.content.decode()
    assert 'name="lang" value="de"' in welcome.content.decode()
    again = client.post(staff_link, {"lang": "de"}, headers=HTMX)
    assert again[PUSH] == page_url(staff_link, 1)
    assert Draft.objects.count() == 1
    assert client.get(staff_link)["Location"] == page_url(staff_link, 1)


def test_a_post_whose_draft_is_gone_loads_the_welcome_page(client, seven):
    """Next or a live update after the draft went (sent in another tab): htmx is told to
    load the link's welcome page as a new page; without htmx it is the redirect."""
    link = f"/r/{group_link_token(seven.groups.get(key='staff'))}/"
    start(client, link)
    Draft.objects.all().delete()
    for headers in (HTMX, {"HX-Request": "true"}):
        data = {"action": "next"} if headers is HTMX else {"availability.targets": "yes"}
        response = client.post(page_url(link, 1), data, headers=headers)
        assert response.status_code == 200 and response["HX-Redirect"] == link
    plain = client.post(page_url(link, 1), {"action": "next"})
    assert plain.status_code == 302 and plain["Location"] == link


def test_a_live_update_after_the_round_closed_loads_the_closed_page_whole(client, seven):
    """The questions are not replaced by the friendly page: htmx loads the link anew,
    which says the questionnaire is closed."""
    link = f"/r/{group_link_token(seven.groups.get(key='staff'))}/"
    number = page_of_items(round_instrument(seven))["availability.targets"]
    start(client, link)
    seven.state = RoundState.CLOSED
    seven.save(update_fields=["state"])
    data = {"availability.targets": "partly"}
    response = client.post(page_url(link, number), data, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Redirect"] == link
    assert "This questionnaire is closed" in client.get(link).content.decode()
    assert Draft.objects.get().answers == {}
