"""The reflection page: the respondent's own scores, in their language, every text escaped."""

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mognad.core.io import dump_instrument
from mognad.core.model import Instrument, ScaleItem
from mognad.web.apps.respond.pages import page_dimensions, page_items
from mognad.web.apps.respond.reflection import shown_score
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Response, Round
from tests.web.factories import group_link_token
from tests.web.respond.helpers import client_id_on, page_post, page_url

pytestmark = pytest.mark.django_db


def _answers(instrument: Instrument, number: int, action: str, dont_know: bool) -> dict[str, Any]:
    data = page_post(instrument, number, action)
    for item in page_items(page_dimensions(instrument)[number - 1]):
        missing = isinstance(item, ScaleItem) and instrument.resolve_scale(item).missing
        if dont_know and missing:
            data[item.key] = instrument.resolve_scale(item).missing[0].key
    return data


def _reflection(round_: Round, lang: str = "en", dont_know: bool = False) -> str:
    """Answers every page in `lang` (scales with "don't know" if told), sends, and returns
    the reflection page."""
    client = Client()
    link = f"/r/{group_link_token(round_.groups.get(key='staff'))}/"
    instrument = round_instrument(round_)
    client.post(link, {"lang": lang})
    last = len(page_dimensions(instrument))
    for number in range(1, last):
        client.post(page_url(link, number), _answers(instrument, number, "next", dont_know))
    data = _answers(instrument, last, "submit", dont_know)
    data["client_id"] = client_id_on(client.get(page_url(link, last)).content.decode())
    sent = client.post(f"{link}submit/", data)
    assert sent.status_code == 302 and sent["Location"] == f"{link}done/"
    page = client.get(sent["Location"])
    assert page.status_code == 200 and page["Content-Language"] == lang
    return page.content.decode()


def test_the_reflection_shows_each_themes_score_and_level(people_first):
    """Every theme has its bar with the stored score rounded, and its level's title."""
    html = _reflection(people_first)
    scores = Response.objects.get().scores
    instrument = round_instrument(people_first)
    levels = {lv.key: lv.title["en"] for lv in instrument.levels}
    for dim in instrument.dimensions:
        score = shown_score(scores["dimensions"][dim.key])
        level = levels[scores["dimension_levels"][dim.key]]
        assert f'<rect class="bar-fill" width="{score}" height="6">' in html
        assert f'<span class="bar-value">{score} · <span lang="en">{level}</span></span>' in html
    overall = shown_score(scores["overall"])
    assert f'<span class="score">{overall}</span> / 100' in html
    assert "Not enough answers" not in html


def test_the_reflection_says_where_there_are_not_enough_answers(people_first):
    """With "don't know" on every scale, no score is made up: the page says so instead."""
    html = _reflection(people_first, dont_know=True)
    assert Response.objects.get().scores["overall"] is None
    assert "Not enough answers for an overall score." in html
    assert "bar-fill" not in html
    assert html.count('<span class="bar-value">not enough answers</span>') == 7


def test_the_reflection_speaks_the_language_the_respondent_chose(people_first):
    """Its words, the instrument's texts and the day are in Swedish for a Swedish answer."""
    html = _reflection(people_first, lang="sv")
    day = timezone.localdate()
    months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti"]
    months += ["september", "oktober", "november", "december"]
    assert '<html lang="sv">' in html
    assert "<title>Din reflektion: " in html
    assert "Tack — här är din reflektion" in html
    assert f"Besvarat den {day.day} {months[day.month - 1]} {day.year}." in html
    assert 'lang="en"' not in html


def test_the_reflection_escapes_the_instruments_texts(people_first):
    """A title or a question to reflect on with markup in it is shown as text."""
    instrument = round_instrument(people_first)
    first = instrument.dimensions[0]
    title = {lang: "<b>Us</b> & them" for lang in first.title}
    reflect = [{lang: 'Say "<i>why</i>"?' for lang in first.title}]
    changed = first.model_copy(update={"title": title, "reflect": reflect})
    edited = instrument.model_copy(update={"dimensions": [changed, *instrument.dimensions[1:]]})
    people_first.instrument_yaml = dump_instrument(edited)
    people_first.save()
    html = _reflection(people_first)
    assert "<b>" not in html and "<i>" not in html
    assert '<span class="bar-title" lang="en">&lt;b&gt;Us&lt;/b&gt; &amp; them</span>' in html
    assert '<h3 lang="en">&lt;b&gt;Us&lt;/b&gt; &amp; them</h3>' in html
    assert re.search(r'<li lang="en">Say &quot;&lt;i&gt;why&lt;/i&gt;&quot;\?</li>', html)
