"""The question pages: validation next to the field, show-if on the server, languages, markup."""

import re

import pytest

from mognad.web.apps.respond.markup import cut, questions_html
from mognad.web.apps.respond.pages import (
    QuestionBuilder,
    page_dimensions,
    page_items,
    page_of_items,
)
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Draft, Response
from tests.web.factories import group_link_token, make_round, make_workspace
from tests.web.inline import inline_code
from tests.web.respond.helpers import (
    answer_pages,
    client_id_on,
    page_post,
    page_url,
    start,
)

pytestmark = pytest.mark.django_db


def _field_block(html: str, field_id: str) -> str:
    """The markup of one field, from its element with `field_id` to the next field."""
    label = html.find(f'for="{field_id}"')
    begin = label if label != -1 else html.index(f'id="{field_id}"')
    end = html.find('name="_shown"', begin)
    return html[begin : end if end != -1 else None]


def test_a_wrong_answer_shows_a_message_next_to_its_field_and_keeps_the_rest(
    client, people_first, staff_link
):
    """An answer off the scale is named at its field; the other answers on the page are saved."""
    start(client, staff_link)
    data = page_post(round_instrument(people_first), 1)
    data["customers.observe"] = "9"
    response = client.post(page_url(staff_link, 1), data)
    html = response.content.decode()
    assert response.status_code == 200
    block = _field_block(html, "q-customers-observe")
    assert "Please choose one of the options." in block
    assert 'aria-describedby="q-customers-observe-error"' in block
    assert "1 answer" in html or "One answer needs your attention" in html
    draft = Draft.objects.get()
    assert draft.answers["customers.contact"] == 4
    assert "customers.observe" not in draft.answers
    assert draft.page == 1


def test_a_too_long_text_is_kept_as_typed_with_its_message(client, people_first, staff_link):
    """A text over its limit comes back in the field, with the limit in the message."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 6)
    data = page_post(round_instrument(people_first), 7)
    data["personal.next_step"] = "x" * 600
    html = client.post(page_url(staff_link, 7), data).content.decode()
    block = _field_block(html, "q-personal-next_step")
    assert "at most 500 characters" in block
    assert "x" * 600 in block
    assert "personal.next_step" not in Draft.objects.get().answers


def test_an_emptied_field_removes_the_saved_answer(client, people_first, staff_link):
    """Clearing an answer on a page takes it out of the draft."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 1)
    data = page_post(round_instrument(people_first), 1)
    del data["customers.contact"]
    client.post(page_url(staff_link, 1), data)
    assert "customers.contact" not in Draft.objects.get().answers


def test_back_saves_the_page_and_goes_to_the_one_before(client, people_first, staff_link):
    """Back keeps what was answered on the page it leaves."""
    start(client, staff_link)
    answer_pages(client, people_first, staff_link, 1)
    response = client.post(
        page_url(staff_link, 2), page_post(round_instrument(people_first), 2, "back")
    )
    assert response["Location"] == page_url(staff_link, 1)
    assert Draft.objects.get().answers["staff.asked"] is not None


@pytest.fixture
def seven(db):
    return make_round(make_workspace("theses"), "seven-theses")


def test_show_if_reveals_a_question_on_the_server_and_drops_hidden_answers(client, seven):
    """A follow-up appears only after its condition holds; its answer goes when it is hidden."""
    link = f"/r/{group_link_token(seven.groups.get(key='staff'))}/"
    instrument = round_instrument(seven)
    number = page_of_items(instrument)["availability.targets"]
    total = max(page_of_items(instrument).values())
    start(client, link)
    answer_pages(client, seven, link, number - 1)
    assert (
        'name="availability.targets_met"' not in client.get(page_url(link, number)).content.decode()
    )

    data = page_post(instrument, number)
    data["availability.targets"] = "yes"
    data["_shown"] = [k for k in data["_shown"] if k != "availability.targets_met"]
    del data["availability.targets_met"]
    revealed = client.post(page_url(link, number), data)
    assert revealed["Location"].startswith(f"{page_url(link, number)}?more=1")
    assert 'name="availability.targets_met"' in client.get(revealed["Location"]).content.decode()

    data = page_post(instrument, number)
    data["availability.targets"] = "yes"
    answer_pages(client, seven, link, number - 1)
    client.post(page_url(link, number), data)
    assert Draft.objects.get().answers["availability.targets_met"] == 4

    data["availability.targets"] = "no"
    client.post(page_url(link, number), data)
    page = client.get(page_url(link, number)).content.decode()
    assert 'name="availability.targets_met"' not in page

    for later in range(number + 1, total + 1):
        client.post(page_url(link, later), page_post(instrument, later))
    final = page_post(instrument, total, "submit")
    final["client_id"] = client_id_on(client.get(page_url(link, total)).content.decode())
    assert client.post(f"{link}submit/", final)["Location"] == f"{link}done/"
    stored = Response.objects.get()
    assert stored.answers["availability.targets"] == "no"
    assert "availability.targets_met" not in stored.answers


def test_a_page_with_conditions_on_it_updates_live_with_htmx(client, seven):
    """Where an answer can reveal a question on the same page, htmx re-renders the questions."""
    link = f"/r/{group_link_token(seven.groups.get(key='staff'))}/"
    instrument = round_instrument(seven)
    number = page_of_items(instrument)["availability.targets"]
    start(client, link)
    assert 'hx-trigger="change"' in client.get(page_url(link, number)).content.decode()
    data = {"availability.targets": "partly"}
    preview = client.post(page_url(link, number), data, HTTP_HX_REQUEST="true")
    assert preview.status_code == 200
    assert 'name="availability.targets_met"' in preview.content.decode()
    assert "availability.targets" not in Draft.objects.get().answers


def test_the_language_follows_the_browser_among_the_rounds_languages(client, staff_link):
    """Accept-Language picks Swedish; the page says so in its lang attribute."""
    html = client.get(staff_link, HTTP_ACCEPT_LANGUAGE="fi, sv-SE;q=0.8, en;q=0.5").content.decode()
    assert '<html lang="sv">' in html
    assert "Digital mognad – människan först" in html


def test_an_unknown_browser_language_falls_back_to_the_instruments_default(client, staff_link):
    """A browser asking only for Finnish gets the instrument's default language."""
    html = client.get(staff_link, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert '<html lang="en">' in html


def test_the_language_can_be_switched_and_is_kept_in_the_draft(client, staff_link):
    """?lang= switches the welcome page; Start keeps it; a page can switch again."""
    html = client.get(f"{staff_link}?lang=de").content.decode()
    assert "Digitale Reife – der Mensch zuerst" in html
    assert 'name="lang" value="de"' in html
    client.post(staff_link, {"lang": "de"})
    assert Draft.objects.get().language == "de"
    page = client.get(page_url(staff_link, 1)).content.decode()
    assert '<html lang="de">' in page and "Kunden verstehen" in page
    switched = client.get(f"{page_url(staff_link, 1)}?lang=nl")
    assert switched.status_code == 302
    assert Draft.objects.get().language == "nl"
    assert "Klanten begrijpen" in client.get(page_url(staff_link, 1)).content.decode()


def test_every_respondent_page_has_no_inline_code_and_a_language(client, people_first, staff_link):
    """Welcome, question pages, reflection and friendly pages pass a strict CSP and carry lang."""
    pages = [client.get(staff_link), client.get("/r/nothing-here/")]
    start(client, staff_link)
    pages += [client.get(page_url(staff_link, n)) for n in (1, 7)]
    answer_pages(client, people_first, staff_link, 6)
    final = page_post(round_instrument(people_first), 7, "submit")
    final["client_id"] = client_id_on(pages[-1].content.decode())
    pages.append(client.get(client.post(f"{staff_link}submit/", final)["Location"]))
    for response in pages:
        html = response.content.decode()
        assert inline_code(html) == []
        assert re.search(r'<html lang="[a-z]{2}">', html)


def test_every_input_has_a_label_and_radio_groups_have_legends(client, staff_link):
    """Each input is named by a label, and each radio group sits in a fieldset with a legend."""
    start(client, staff_link)
    html = client.get(page_url(staff_link, 7)).content.decode()
    ids = re.findall(r'<(?:input|textarea) type="(?:radio|text|number)"[^>]* id="([^"]+)"', html)
    ids += re.findall(r'<textarea [^>]*id="([^"]+)"', html)
    assert ids
    for field_id in ids:
        assert f'for="{field_id}"' in html
    assert html.count("<fieldset") == html.count("<legend")


def test_a_page_not_answered_yet_is_marked_up_as_each_question_would_be(people_first):
    """The markup kept for pages nobody has answered yet is each question's own, blank."""
    instrument = round_instrument(people_first)
    for lang in ("en", "sv"):
        for dimension in page_dimensions(instrument):
            items = page_items(dimension)
            blank: dict[str, list[str]] = {item.key: [] for item in items}
            builder = QuestionBuilder(instrument, lang, {}, {})
            fresh = "".join(cut(builder.question(item)).fill({}) for item in items)
            assert questions_html(instrument, lang, items, blank, {}) == fresh
            assert questions_html(instrument, lang, items, {}, {}) == fresh
            assert " checked" not in fresh


def test_an_answered_page_is_not_the_blank_one(client, people_first, staff_link):
    """Answers saved on a page come back checked, though a blank copy of it is kept."""
    first = start(client, staff_link)
    assert " checked" not in client.get(first).content.decode()
    answer_pages(client, people_first, staff_link, 1)
    again = client.get(page_url(staff_link, 1)).content.decode()
    assert 'value="4" checked' in again
