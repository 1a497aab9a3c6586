"""The whole journey through a group's open link: welcome, every page, submit, reflection."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from mognad.web.apps.respond.pages import page_dimensions
from mognad.web.apps.respond.views import DONE_COOKIE, RESUME_COOKIE
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Draft, Response, Round
from tests.web.factories import group_link_token, make_round, make_workspace
from tests.web.respond.helpers import answer_pages, client_id_on, page_post, page_url, start

pytestmark = pytest.mark.django_db


def _submit(client: Client, round_: Round, link: str) -> tuple[str, dict[str, object]]:
    """Answers pages 1-6, then sends page 7; returns the done URL and what was posted."""
    answer_pages(client, round_, link, 6)
    html = client.get(page_url(link, 7)).content.decode()
    data = page_post(round_instrument(round_), 7, "submit")
    data["client_id"] = client_id_on(html)
    response = client.post(f"{link}submit/", data)
    assert response.status_code == 302
    return str(response["Location"]), data


def test_the_welcome_page_says_who_asks_how_long_and_what_stays_anonymous(client, staff_link):
    """The welcome page names the workspace, the time it takes and the anonymity rules."""
    page = client.get(staff_link).content.decode()
    assert "Acme" in page
    assert "Digital maturity — people first" in page
    assert "about 10 minutes" in page
    assert "No IP address" in page
    assert "groups of at least 5 people" in page
    assert "groups of at least 10 people" in page
    assert Draft.objects.count() == 0


def test_a_respondent_answers_every_page_and_sees_the_reflection(client, people_first, staff_link):
    """Seven pages, one submission, one response; the draft is gone and the reflection shows."""
    assert start(client, staff_link) == page_url(staff_link, 1)
    assert Draft.objects.count() == 1
    done, _ = _submit(client, people_first, staff_link)
    assert done == f"{staff_link}done/"
    stored = Response.objects.get()
    assert stored.group.key == "staff"
    assert stored.submitted_on == timezone.localdate()
    assert stored.answers["customers.contact"] == 4
    assert stored.answers["customers.needs"] == {"importance": 5, "performance": 3}
    assert stored.answers["personal.next_step"] == "Talk to one customer a week."
    assert stored.scores["dimensions"]["customers"] is not None
    assert Draft.objects.count() == 0
    reflection = client.get(done)
    html = reflection.content.decode()
    assert reflection.status_code == 200
    assert "Understanding customers" in html
    assert 'class="bar-fill" width="' in html
    assert "When did you last see, with your own eyes" in html
    assert client.cookies[RESUME_COOKIE].value == ""


def test_each_page_shows_its_progress(client, staff_link):
    """A page says where it is in words and with a progress element."""
    start(client, staff_link)
    html = client.get(page_url(staff_link, 2)).content.decode()
    assert "Page 2 of 7" in html
    assert '<progress id="progress" max="7" value="2">' in html


def test_returning_through_the_link_resumes_where_they_were(client, people_first, staff_link):
    """Closing the browser keeps the resume cookie: the link leads back to the saved page."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 2)
    cookie = client.cookies[RESUME_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == staff_link
    later = Client()
    later.cookies[RESUME_COOKIE] = cookie.value
    back = later.get(staff_link)
    assert back.status_code == 302
    assert back["Location"] == page_url(staff_link, 3)
    first = later.get(page_url(staff_link, 1)).content.decode()
    assert 'id="q-customers-contact-4" value="4" checked' in first
    assert Draft.objects.count() == 1


def test_a_new_browser_starts_a_new_draft(client, staff_link):
    """Without the resume cookie the link shows the welcome page again."""
    start(client, staff_link)
    assert Client().get(staff_link).status_code == 200


def test_a_double_submission_stores_one_response(client, people_first, staff_link):
    """The same client id sent again, even from another browser, stores nothing new."""
    start(client, staff_link)
    done, data = _submit(client, people_first, staff_link)
    again = client.post(f"{staff_link}submit/", data)
    assert again.status_code == 302 and again["Location"] == done
    elsewhere = Client().post(f"{staff_link}submit/", data)
    assert elsewhere.status_code == 302 and elsewhere["Location"] == done
    assert Response.objects.count() == 1


def test_submitting_without_a_draft_gets_a_friendly_page(client, staff_link):
    """A stale form whose draft is gone explains itself instead of failing."""
    data = {"client_id": "7f1d4c7e-4a7b-4c1e-9f0a-1d2b3c4d5e6f", "action": "submit"}
    response = client.post(f"{staff_link}submit/", data)
    assert response.status_code == 200
    assert "could not be found" in response.content.decode()
    assert Response.objects.count() == 0


def test_the_reflection_is_only_for_the_browser_that_answered(client, people_first, staff_link):
    """Another browser on the done page sees a thank-you, not someone's scores."""
    start(client, staff_link)
    done, _ = _submit(client, people_first, staff_link)
    other = Client().get(done).content.decode()
    assert "bar-fill" not in other
    assert "Thank you" in other
    assert client.cookies[DONE_COOKIE]["max-age"] <= 6 * 3600


def test_a_forged_reflection_cookie_shows_no_scores(client, people_first, staff_link):
    """The cookie names the response only under the server's signature: the bare id, or
    the signed value with one character changed, gets the thank-you page."""
    start(client, staff_link)
    done, _ = _submit(client, people_first, staff_link)
    signed = client.cookies[DONE_COOKIE].value
    assert "bar-fill" in client.get(done).content.decode()
    for forged in (
        str(Response.objects.get().pk),
        signed[:-1] + ("A" if signed[-1] != "A" else "B"),
    ):
        other = Client()
        other.cookies[DONE_COOKIE] = forged
        page = other.get(done).content.decode()
        assert "bar-fill" not in page and "Thank you" in page


def test_a_response_row_holds_only_the_day_and_no_link_to_invitation_or_draft(
    client, people_first, staff_link
):
    """The Response model has no invitation, draft, IP, agent or time field; JSON holds answers.
    Its part and token (for the round's summary) are random, in no order."""
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {
        "round", "group", "client_id", "language", "answers", "scores",
        "score_row", "item_row", "pair_row", "bucket", "token", "submitted_on",
    }  # fmt: skip
    start(client, staff_link)
    _submit(client, people_first, staff_link)
    stored = Response.objects.get()
    assert type(stored.submitted_on) is datetime.date
    instrument_keys = {item.key for _, item in round_instrument(people_first).walk_items()}
    assert set(stored.answers) <= instrument_keys
    assert set(stored.scores) == {
        "items", "dimensions", "overall", "level", "dimension_levels", "phase",
        "dimension_phases",
    }  # fmt: skip


def test_an_invalid_saved_answer_sends_the_respondent_back_to_its_page(
    client, people_first, staff_link
):
    """A wrong answer on an earlier page leads back there with its message; nothing is stored."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 6)
    draft = Draft.objects.get()
    draft.answers = {**draft.answers, "staff.asked": 9}
    draft.save(update_fields=["answers"])
    html = client.get(page_url(staff_link, 7)).content.decode()
    data = page_post(round_instrument(people_first), 7, "submit")
    data["client_id"] = client_id_on(html)
    response = client.post(f"{staff_link}submit/", data)
    assert response["Location"] == f"{page_url(staff_link, 2)}?check=1"
    assert "Please choose one of the options." in client.get(response["Location"]).content.decode()
    assert Response.objects.count() == 0


def test_the_reflection_of_a_phase_instrument_names_the_phase(client):
    """For a life-phase instrument the reflection shows the respondent's dominant phase."""
    round_ = make_round(make_workspace("assoc"), "platform-ecosystem")
    link = f"/r/{group_link_token(round_.groups.get(key='staff'))}/"
    instrument = round_instrument(round_)
    total = len(page_dimensions(instrument))
    start(client, link)
    answer_pages(client, round_, link, total - 1)
    data = page_post(instrument, total, "submit")
    data["client_id"] = client_id_on(client.get(page_url(link, total)).content.decode())
    done = client.get(client.post(f"{link}submit/", data)["Location"]).content.decode()
    phase = Response.objects.get().scores["phase"]
    assert phase is not None
    title = next(c for c in instrument.phases.categories if c.key == phase).title["en"]
    assert f'Phase: <strong lang="en">{title}</strong>' in done


def _last_page_of_another_id(client: Client, round_: Round, link: str) -> dict[str, object]:
    """Pages 1-6 answered; the last page's form as one shown before the draft's key
    changed (an upgrade, a new secret key) would send it, with a typed next step."""
    start(client, link)
    answer_pages(client, round_, link, 6)
    data = page_post(round_instrument(round_), 7, "submit")
    data["client_id"] = "7f1d4c7e-4a7b-4c1e-9f0a-1d2b3c4d5e6f"
    data["personal.next_step"] = "Ask the customers first."
    return data


def test_a_last_page_sent_without_its_drafts_submission_id_is_kept_to_be_sent_again(
    client, people_first, staff_link
):
    """Nothing is stored yet, what the page carries is saved, and the page comes back
    with the right id and a word to send once more."""
    data = _last_page_of_another_id(client, people_first, staff_link)
    response = client.post(f"{staff_link}submit/", data)
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(staff_link, 7)}?again=1"
    assert not Response.objects.exists()
    assert Draft.objects.get().answers["personal.next_step"] == "Ask the customers first."
    html = client.get(response["Location"]).content.decode()
    assert "Please send them once more." in html
    assert "Ask the customers first." in html
    data["client_id"] = client_id_on(html)
    assert client.post(f"{staff_link}submit/", data)["Location"] == f"{staff_link}done/"
    assert Response.objects.get().answers["personal.next_step"] == "Ask the customers first."
    assert not Draft.objects.exists()


def test_a_last_page_sent_without_its_submission_id_keeps_a_wrong_answer_to_correct(
    client, people_first, staff_link
):
    """Nothing is lost either when what it carries is wrong: the page with its message."""
    data = _last_page_of_another_id(client, people_first, staff_link)
    data["personal.own_role"] = "9"
    response = client.post(f"{staff_link}submit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "needs your attention" in html and "Ask the customers first." in html
    assert Draft.objects.get().answers["personal.next_step"] == "Ask the customers first."
    assert not Response.objects.exists()


def _draft_goes_as_it_is_saved(execute: Callable[..., Any], sql: str, *rest: Any) -> Any:
    """As if another tab sent the draft between this request's reading and its save."""
    if sql.startswith('UPDATE "rounds_draft"'):
        Draft.objects.all().delete()
    return execute(sql, *rest)


def test_a_page_saved_as_its_draft_goes_leads_back_to_the_link(client, people_first, staff_link):
    """No error page: the link, loaded anew, says what there is to do."""
    start(client, staff_link)
    with connection.execute_wrapper(_draft_goes_as_it_is_saved):
        response = client.post(
            page_url(staff_link, 1), page_post(round_instrument(people_first), 1)
        )
    assert response.status_code == 302 and response["Location"] == staff_link
    assert not Draft.objects.exists()


def test_a_last_page_of_another_id_sent_as_its_draft_goes_gets_the_friendly_page(
    client, people_first, staff_link
):
    data = _last_page_of_another_id(client, people_first, staff_link)
    with connection.execute_wrapper(_draft_goes_as_it_is_saved):
        response = client.post(f"{staff_link}submit/", data)
    assert response.status_code == 200
    assert "could not be found" in response.content.decode()
    assert not Response.objects.exists()
