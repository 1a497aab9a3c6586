"""The results sections (gaps, progress, benchmark, say/do, open answers), through HTTP."""

import re
from typing import Any

import numpy as np
import pytest
from django.urls import reverse

from mognad.web.apps.actions.models import Action
from mognad.web.apps.results import opentext
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces.models import Role
from mognad.web.demo import make_respondent, synthetic_answers
from mognad.web.lineage import lineage_root
from tests.web.factories import (
    add_responses,
    make_round,
    make_user,
    make_workspace,
    store_response,
)
from tests.web.inline import inline_code

pytestmark = pytest.mark.django_db

SECTIONS = ["gaps", "progress", "benchmark", "saydo", "themes"]


def _respond(round_: Round, group: str, count: int, seed: int = 1, **answers: Any) -> None:
    """`count` believable responses in `group` (the demo's generator), with `answers` on top."""
    rng = np.random.default_rng(seed)
    instrument = round_instrument(round_)
    for _ in range(count):
        person = make_respondent(rng, instrument, group, round_.series_index)
        document = {**synthetic_answers(rng, instrument, person), **answers}
        store_response(round_, group, document, packed=False)


def _url(round_: Round, section: str, group: str | None = None) -> str:
    url = reverse(f"results:{section}", args=[round_.workspace.slug, round_.pk])
    return f"{url}?group={group}" if group is not None else url


def _page(client, round_, section, group=None) -> str:
    response = client.get(_url(round_, section, group))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_has_its_own_page_with_the_section_navigation(client, round_, section):
    """Each section is a page of its own, linked from every other, with no inline code."""
    _respond(round_, "staff", 12)
    page = _page(client, round_, section)
    assert 'aria-current="page"' in page
    for other in SECTIONS:
        assert _url(round_, other) in page
    assert inline_code(page) == []


@pytest.mark.parametrize("section", ["gaps", "progress", "saydo", "themes"])
def test_a_section_refuses_a_hidden_group(client, round_, section):
    """Leadership has 3 answers: asking for it shows the refusal, never its numbers."""
    _respond(round_, "staff", 12)
    _respond(round_, "leadership", 3, seed=2)
    page = _page(client, round_, section, "leadership")
    assert "are not shown on their own" in page


def test_gaps_show_both_groups_the_difference_and_its_interval(client, round_):
    """Two shown groups: one gap per measure, as a chart and as a table."""
    _respond(round_, "staff", 30)
    _respond(round_, "leadership", 30, seed=2)
    page = _page(client, round_, "gaps")
    assert "Leadership − Staff" in page
    assert "<svg" in page and "gap-chart" in page
    assert page.count('<tr class="depth-') >= 8  # the overall and seven dimensions


def test_gaps_say_when_there_is_nothing_to_compare(client, round_):
    """One group only: no gap can be shown, and the page says why."""
    _respond(round_, "staff", 12)
    assert "nothing to compare" in _page(client, round_, "gaps")


def test_progress_compares_with_the_previous_round_of_the_series(client, round_):
    """T1 shows T0 and T1 side by side with a trend; T0 says it is the first round."""
    _respond(round_, "staff", 20)
    later = make_round(round_.workspace, groups=("staff",))
    _respond(later, "staff", 20, seed=3)
    page = _page(client, later, "progress")
    assert ">T0</th>" in page and ">T1</th>" in page
    assert "trend-chart" in page
    assert "first round of its series" in _page(client, round_, "progress")


def test_the_say_do_grid_places_the_six_pairs_of_people_first(client, round_):
    """People-first has six importance/performance pairs: six dots and six table rows."""
    _respond(round_, "staff", 12)
    page = _page(client, round_, "saydo")
    assert "say-do-chart" in page
    table = page[page.index('<table class="saydo">') : page.index("</table>")]
    assert table.count('<th scope="row"') == 6
    assert page.count('r="10" fill=') == 6  # one numbered dot per question


def test_open_answers_need_ten_people_in_the_group(client, round_):
    """Customers (6) are shown for scores but not for texts; staff (12) not either, since all
    groups minus staff would be the customers' texts. All groups (18) show every text."""
    _respond(round_, "staff", 12, **{"personal.next_step": "Ask two customers each week"})
    _respond(round_, "customers", 6, seed=2, **{"personal.next_step": "Visit a customer"})
    for group in ("customers", "staff"):
        refused = _page(client, round_, "themes", group)
        assert "at least 10 people" in refused
        assert "Visit a customer" not in refused
    page = _page(client, round_, "themes")
    assert "Ask two customers each week" in page and "Visit a customer" in page
    assert "18 answers." in page


def test_open_answers_of_a_large_group_are_shown_on_their_own(client, round_):
    """Two groups of 12: each shows its own texts and none of the other's."""
    _respond(round_, "staff", 12, **{"personal.next_step": "Ask two customers each week"})
    _respond(round_, "customers", 12, seed=2, **{"personal.next_step": "Visit a customer"})
    page = _page(client, round_, "themes", "staff")
    assert "Ask two customers each week" in page
    assert "Visit a customer" not in page


def _peer(index: int, opted: bool = True, answered: int = 8) -> Round:
    peer = make_workspace(f"peer{index}")
    peer.benchmark_opt_in = opted
    peer.save(update_fields=["benchmark_opt_in"])
    peer_round = make_round(peer, groups=("staff",))
    _respond(peer_round, "staff", answered, seed=10 + index)
    return peer_round


def test_the_benchmark_asks_to_opt_in_first(client, round_):
    """A workspace that does not share is told so, in plain words, and compared with nobody."""
    _respond(round_, "staff", 12)
    assert "does not share its results" in _page(client, round_, "benchmark")


def test_the_benchmark_waits_for_five_opted_in_peers(client, round_):
    """Four opted-in peers (and one that did not opt in): one more needed; a fifth shows it."""
    round_.workspace.benchmark_opt_in = True
    round_.workspace.save(update_fields=["benchmark_opt_in"])
    _respond(round_, "staff", 12)
    for i in range(4):
        _peer(i)
    _peer(9, opted=False)
    assert "Needs 1 more organisation in the pool." in _page(client, round_, "benchmark")
    _peer(4)
    page = _page(client, round_, "benchmark")
    assert "more organisation" not in page
    assert 'class="bar"' in page


def test_a_peer_round_counts_in_the_pool_from_k_respondents_on(client, round_):
    """A fifth peer with k - 1 respondents is not in the pool; with k it is."""
    round_.workspace.benchmark_opt_in = True
    round_.workspace.save(update_fields=["benchmark_opt_in"])
    _respond(round_, "staff", 12)
    for i in range(4):
        _peer(i)
    small = _peer(4, answered=round_.k - 1)
    assert "Needs 1 more organisation in the pool." in _page(client, round_, "benchmark")
    _respond(small, "staff", 1, seed=99)
    assert "more organisation" not in _page(client, round_, "benchmark")


def test_lineage_follows_parents_of_known_instruments_and_stops_at_unknown_ones():
    """Built-ins have no parent: each is its own root; an unknown id is its own root too."""
    assert lineage_root("people-first") == "people-first"
    assert lineage_root("no-such-instrument") == "no-such-instrument"


def test_a_viewer_sees_every_section(client, round_):
    """Every section only reads, which is the viewer role's one permission."""
    viewer = make_user("vic@example.org")
    round_.workspace.memberships.create(user=viewer, role=Role.VIEWER)
    _respond(round_, "staff", 12)
    client.force_login(viewer)
    for section in SECTIONS:
        assert client.get(_url(round_, section)).status_code == 200


def test_sections_reject_foreign_workspace(client, round_):
    """Another workspace's sections answer 404."""
    stranger = make_user("eve@example.org")
    make_workspace("evil", stranger)
    client.force_login(stranger)
    for section in SECTIONS:
        assert client.get(_url(round_, section)).status_code == 404


def test_an_htmx_request_gets_only_the_section(client, round_):
    """The group filter's enhancement swaps #results; the full page is the no-JS answer."""
    _respond(round_, "staff", 12)
    response = client.get(_url(round_, "gaps"), headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="results"')


def _clear_gap(round_: Round) -> None:
    """Leadership sees every dimension high and staff low: every gap is clear."""
    add_responses(round_, "leadership", [5, 4, 5, 5, 4, 5])
    add_responses(round_, "staff", [1, 2, 1, 1, 2, 1])


def _gap_links(page: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]*gap=[^"]*)"', page)]


def test_a_facilitator_turns_a_clear_gap_into_an_action(client, round_):
    """Each clear gap links to a new action taken from it; saving records the gap."""
    _clear_gap(round_)
    links = _gap_links(_page(client, round_, "gaps"))
    dimension = next(link for link in links if "gap=staff%3Aleadership%3Astaff" in link)
    form = client.get(dimension).content.decode()
    assert "Gap between Leadership and Staff in" in form
    response = client.post(dimension, {"title": "Talk it through", "status": "planned"})
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.source_kind, action.source_key, action.round) == (
        "gap",
        "staff:leadership:staff",
        round_,
    )


def test_a_clear_gap_in_the_overall_score_becomes_an_action_too(client, round_):
    _clear_gap(round_)
    links = _gap_links(_page(client, round_, "gaps"))
    overall = next(link for link in links if "gap=%3Aleadership%3Astaff" in link)
    assert "in the overall score" in client.get(overall).content.decode()
    client.post(overall, {"title": "Talk it through", "status": "planned"})
    assert Action.objects.get().source_key == ":leadership:staff"


def test_gaps_that_are_not_clear_have_no_action_link(client, round_):
    add_responses(round_, "leadership", [3, 4, 3, 2, 3, 4])
    add_responses(round_, "staff", [3, 2, 4, 3, 3, 4])
    page = _page(client, round_, "gaps")
    assert "Leadership − Staff" in page
    assert _gap_links(page) == []


def test_a_viewer_sees_the_gaps_without_action_links(client, round_):
    viewer = make_user("vic@example.org")
    round_.workspace.memberships.create(user=viewer, role=Role.VIEWER)
    _clear_gap(round_)
    client.force_login(viewer)
    page = _page(client, round_, "gaps")
    assert 'class="gaps"' in page and "flagged" in page
    assert _gap_links(page) == []


def test_open_answers_of_many_people_come_from_a_random_sample_said_so(client, round_, monkeypatch):
    """Beyond the sample size the answers of a random part of the respondents are read,
    and the page gives the number of answers and the themes' sizes as estimates."""
    monkeypatch.setattr(opentext, "SAMPLE", 20)
    _respond(round_, "staff", 60, **{"personal.next_step": "Ask two customers each week"})
    page = _page(client, round_, "themes")
    sampled = re.search(r"About 60 answers, estimated from a random sample of (\d+) ", page)
    assert sampled and 0 < int(sampled.group(1)) < 60
    assert "Theme of about 60 answers" in page
    assert "answers of the sample shown" in page


def test_open_answers_follow_new_responses(client, round_):
    """The themes are kept between views, but not past a change in the answers."""
    _respond(round_, "staff", 12, **{"personal.next_step": "Ask two customers each week"})
    assert "12 answers." in _page(client, round_, "themes")
    _respond(round_, "staff", 1, seed=5, **{"personal.next_step": "Visit a customer"})
    page = _page(client, round_, "themes")
    assert "13 answers." in page and "Visit a customer" in page
