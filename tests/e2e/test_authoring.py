"""Issue 5 end to end: an organisation makes the questionnaire its own and runs it."""

import dataclasses
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mognad.core.engine import encode, score
from mognad.instruments import find_builtin
from mognad.web.apps.library.models import InstrumentDraft, InstrumentVersion
from mognad.web.apps.rounds.instrument import round_compiled, round_instrument
from mognad.web.apps.rounds.models import Response, Round, RoundState
from mognad.web.demo import make_respondent, synthetic_answers
from tests.e2e.conftest import Shoot
from tests.e2e.test_whole_loop import _answer_over_http
from tests.web.factories import PASSWORD, make_round, make_user, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)

OUR_TITLE = "Knowing our members"
OUR_QUESTION = "Do we ask our members what they need before we build something for them?"
DUTCH_TITLE = "Onze leden kennen"
DUTCH_QUESTION = "Vragen we onze leden wat ze nodig hebben voordat we iets voor ze bouwen?"


def test_a_built_in_is_forked_reworded_translated_published_and_run(
    live_server: LiveServer, phone: Page, shoot: Shoot
) -> None:
    """The "Done when" of issue 5, in a phone-sized browser.

    The workspace already ran the built-in people-first questionnaire (T0, 5 staff
    answers). Its facilitator makes their own version from the library, renames the
    first dimension and rewords its first question in the browser editor, writes both
    in Dutch in the translation view, previews the Dutch page, publishes (the page
    suggests a patch, since only wording changed), starts and opens a round with the
    new version, five staff members answer, the results page of the new round shows the
    renamed dimension, and its progress page compares it with the parent's T0 (the fork
    continues the parent's series). A screenshot is kept of each step.
    """
    shots: list[Path] = []
    workspace = make_workspace("acme", make_user("lead@example.org"))
    parent_round = _answered_round_of_the_builtin(workspace)
    page = phone
    _log_in(live_server.url, page)

    page.goto(live_server.url + "/w/acme/library/")
    card = page.locator("li.card").filter(has_text="people first")
    card.get_by_role("button", name=re.compile("Make your own version")).click()
    page.wait_for_url(re.compile(r"/w/acme/library/drafts/\d+/$"))
    draft = InstrumentDraft.objects.get()
    assert (draft.parent_id, draft.parent_version) == ("people-first", "1.0.0")
    shots.append(shoot(page, "draft"))

    first = find_builtin("people-first").dimensions[0]
    _edit(page, "Edit in the browser", "dimensions/0", "Title", OUR_TITLE, shoot, shots)
    _edit(page, "Draft", "dimensions/0/items/0", "Question", OUR_QUESTION, shoot, shots)
    _translate_into_dutch(page, first.key, first.items[0].key, shoot, shots)

    page.get_by_role("link", name="Preview").first.click()
    page.goto(page.url + "?lang=nl")
    expect(page.get_by_role("heading", name=DUTCH_TITLE)).to_be_visible()
    expect(page.get_by_text(DUTCH_QUESTION)).to_be_visible()
    shots.append(shoot(page, "preview-nl"))

    version = _publish(page, shoot, shots)
    round_ = _start_and_open_a_round(page, version, shoot, shots)
    link = page.locator("li.group").filter(has_text="Staff").locator("input.link").input_value()
    for _ in range(5):
        _answer_over_http(urlsplit(link).path)
    assert Response.objects.filter(round=round_).count() == 5

    page.goto(f"{live_server.url}/w/acme/results/{round_.pk}/")
    expect(page.get_by_text(OUR_TITLE).first).to_be_visible()
    shots.append(shoot(page, "results"))
    assert round_.instrument_id != parent_round.instrument_id

    page.goto(f"{live_server.url}/w/acme/results/{round_.pk}/progress/")
    expect(page.locator(".trend-chart").first).to_be_visible()
    html = page.content()
    assert ">T0</th>" in html and ">T1</th>" in html
    assert OUR_TITLE in html
    shots.append(shoot(page, "progress"))
    assert all(path.is_file() and path.stat().st_size > 0 for path in shots)


def _answered_round_of_the_builtin(workspace) -> Round:
    """A closed T0 of the built-in with 5 staff answers, drawn as the demo draws them."""
    round_ = make_round(workspace, groups=("staff",), state=RoundState.CLOSED)
    instrument, compiled = round_instrument(round_), round_compiled(round_)
    rng = np.random.default_rng(5)
    people = [make_respondent(rng, instrument, "staff", 0) for _ in range(5)]
    documents = [synthetic_answers(rng, instrument, person) for person in people]
    scores = score(compiled, encode(compiled, documents))
    group = round_.groups.get()
    Response.objects.bulk_create(
        Response(
            round=round_,
            group=group,
            client_id=uuid.uuid4(),
            language="en",
            answers=answers,
            scores=dataclasses.asdict(scores.row(i)),
            submitted_on=round_.created_on,
        )
        for i, answers in enumerate(documents)
    )
    return round_


def _log_in(base: str, page: Page) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill("lead@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/w/")


def _edit(
    page: Page, tab: str, at: str, label: str, text: str, shoot: Shoot, shots: list[Path]
) -> None:
    """Opens the editor on the element at `at` and saves one English text."""
    page.get_by_role("link", name=tab).first.click()
    base = page.url.split("/drafts/")[0]
    draft = InstrumentDraft.objects.get()
    page.goto(f"{base}/drafts/{draft.pk}/edit/{at}/?lang=en")
    page.get_by_label(re.compile(f"^{label}")).first.fill(text)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    shots.append(shoot(page, "edited-" + at.replace("/", "-")))


def _translate_into_dutch(
    page: Page, dimension: str, item: str, shoot: Shoot, shots: list[Path]
) -> None:
    page.get_by_role("link", name="Translate").first.click()
    page.goto(page.url.split("?")[0] + "?source=en&target=nl")
    page.locator(f"textarea[name='s-dimensions.{dimension}.title']").fill(DUTCH_TITLE)
    page.locator(f"textarea[name='s-items.{item}.text']").fill(DUTCH_QUESTION)
    page.get_by_role("button", name="Save the translation").click()
    expect(page.locator(f"textarea[name='s-items.{item}.text']")).to_have_value(DUTCH_QUESTION)
    shots.append(shoot(page, "translated-nl"))


def _publish(page: Page, shoot: Shoot, shots: list[Path]) -> InstrumentVersion:
    draft = InstrumentDraft.objects.get()
    page.goto(page.url.split("/drafts/")[0] + f"/drafts/{draft.pk}/")
    page.get_by_role("link", name="Publish").click()
    expect(page.get_by_text("Suggested version: 1.0.1")).to_be_visible()
    expect(page.get_by_text(DUTCH_QUESTION).first).to_be_visible()
    shots.append(shoot(page, "publish"))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/library/people-first-acme/1.0.1/")
    expect(page.get_by_role("link", name=re.compile("people-first 1.0.0"))).to_be_visible()
    shots.append(shoot(page, "published"))
    return InstrumentVersion.objects.get()


def _start_and_open_a_round(
    page: Page, version: InstrumentVersion, shoot: Shoot, shots: list[Path]
) -> Round:
    page.get_by_role("link", name="Start a round").click()
    page.wait_for_url(re.compile(r"/rounds/new/"))
    assert page.locator("select[name='instrument']").input_value() == "people-first-acme@1.0.1"
    page.get_by_label("Title").fill("Members' pulse")
    page.get_by_label("Staff").check()
    page.get_by_role("button", name="Create the round").click()
    page.wait_for_url(re.compile(r"/w/acme/rounds/\d+/$"))
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("button", name="Close the round")).to_be_visible()
    shots.append(shoot(page, "round-open"))
    round_ = Round.objects.get(title="Members' pulse")
    assert (round_.instrument_id, round_.instrument_version) == (version.instrument_id, "1.0.1")
    return round_
