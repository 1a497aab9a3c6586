"""The results page: gated numbers per group, charts with table alternatives, recommendations."""

from math import floor
from statistics import mean

import pytest
from django.urls import reverse

from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces.models import Role
from tests.web.factories import add_responses, make_round, make_user, make_workspace

pytestmark = pytest.mark.django_db


def _shown(value: float) -> str:
    return str(floor(value + 0.5))


def _url(round_: Round, group: str | None = None) -> str:
    url = reverse("results:round", args=[round_.workspace.slug, round_.pk])
    return f"{url}?group={group}" if group is not None else url


def test_it_shows_means_that_match_the_stored_scores(client, round_):
    """The overall score and each group's row in the heatmap are the means of stored scores."""
    staff = add_responses(round_, "staff", [2, 3, 4, 5, 4, 3])
    leaders = add_responses(round_, "leadership", [5, 5, 4, 5, 4])
    response = client.get(_url(round_))
    assert response.status_code == 200
    everyone = staff + leaders
    focus = response.context["focus"]
    assert focus.overall.value == _shown(mean(s["overall"] for s in everyone))
    rows = {row.label: [cell.value for cell in row.cells] for row in response.context["heatmap"]}
    assert rows["Staff"][0] == _shown(mean(s["overall"] for s in staff))
    assert rows["Leadership"][1] == _shown(mean(s["dimensions"]["customers"] for s in leaders))
    assert f'<strong class="big-score">{focus.overall.value}</strong>' in response.content.decode()


def test_it_shows_only_all_groups_when_any_group_would_reveal_a_group_of_three(client, round_):
    """k=5: leadership (3) shows as "fewer than 5"; staff alone would reveal it by subtraction."""
    add_responses(round_, "staff", [3, 3, 4, 4, 5, 5])
    add_responses(round_, "leadership", [1, 1, 1])
    response = client.get(_url(round_))
    page = response.content.decode()
    assert [row.label for row in response.context["heatmap"]] == ["All groups"]
    assert response.context["focus"].n == 9
    assert "fewer than 5" in page
    assert "showing any group on its own would reveal them" in page
    assert [c.value for c in response.context["choices"]] == [""]  # "all groups" only


def test_it_shows_small_groups_together_when_they_reach_k(client, round_):
    """k=5: leadership (3) and customers (2) appear as one "other groups" row of 5."""
    add_responses(round_, "staff", [3, 4, 4, 5, 5])
    add_responses(round_, "leadership", [5, 5, 5])
    add_responses(round_, "customers", [1, 2])
    response = client.get(_url(round_))
    labels = [row.label for row in response.context["heatmap"]]
    assert labels == ["All groups", "Staff", "Other groups (Leadership, Customers)"]
    assert response.context["focus"].n == 10


def test_the_group_filter_shows_only_that_group(client, round_):
    """?group=staff shows staff's own numbers, with all groups as the dashed comparison."""
    staff = add_responses(round_, "staff", [2, 2, 3, 3, 4])
    add_responses(round_, "leadership", [5, 5, 5, 5, 5])
    response = client.get(_url(round_, "staff"))
    focus = response.context["focus"]
    assert focus.label == "Staff"
    assert focus.n == 5
    assert focus.overall.value == _shown(mean(s["overall"] for s in staff))
    assert 'stroke-dasharray="6 4"' in response.content.decode()
    assert [c.selected for c in response.context["choices"]] == [False, False, True]


def test_it_refuses_a_hidden_group_in_the_filter(client, round_):
    """?group=leadership for a group of 3 shows none of its numbers, only a notice."""
    add_responses(round_, "staff", [3, 3, 4, 4, 5, 5])
    add_responses(round_, "leadership", [1, 1, 1])
    response = client.get(_url(round_, "leadership"))
    assert response.status_code == 200
    assert response.context["refused"]
    assert response.context["focus"] is None
    assert "are not shown on their own" in response.content.decode()


def test_an_unknown_group_in_the_filter_is_refused_too(client, round_):
    """A made-up group key never errors: it is refused like a hidden one."""
    add_responses(round_, "staff", [3, 3, 4, 4, 5])
    response = client.get(_url(round_, "nobody"))
    assert response.status_code == 200
    assert response.context["refused"]


def test_the_radar_is_an_svg_with_a_title_and_a_table_alternative(client, round_):
    """The chart names itself for screen readers, and a table holds its numbers."""
    add_responses(round_, "staff", [1, 2, 3, 4, 5])
    page = client.get(_url(round_)).content.decode()
    assert '<svg class="radar"' in page
    assert 'aria-labelledby="radar-title radar-desc"' in page
    assert '<title id="radar-title">Scores of All groups per dimension</title>' in page
    table = page[page.index('<table class="scores">') :]
    table = table[: table.index("</table>")]
    instrument = round_instrument(round_)
    for dim in instrument.walk_dimensions():
        assert f">{instrument.text(dim.title)}</th>" in table


def test_the_page_has_no_inline_style_or_script(client, round_):
    """Charts colour themselves with SVG attributes; the CSP forbids style attributes."""
    add_responses(round_, "staff", [1, 2, 3, 4, 5])
    page = client.get(_url(round_)).content.decode()
    assert " style=" not in page
    assert "<script>" not in page


def test_it_lists_the_recommendations_that_apply_most_urgent_first(client, round_):
    """Everyone at the bottom of the scale: the "watching" advice, priority 1 first."""
    add_responses(round_, "staff", [1, 1, 1, 1, 1])
    advice = client.get(_url(round_)).context["focus"].advice
    assert advice
    assert [a.priority for a in advice] == sorted(a.priority for a in advice)
    instrument = round_instrument(round_)
    titles = {
        instrument.text(r.title) for r in instrument.recommendations if r.key == "overall.start"
    }
    assert titles <= {a.title for a in advice}


def test_a_phase_instrument_shows_the_phase_per_dimension_and_overall(client, owner):
    """Platform and ecosystem: a phases table with the dominant phase of each dimension."""
    round_ = make_round(make_workspace("coop", owner), "platform-ecosystem", groups=("staff",))
    stored = add_responses(round_, "staff", [1, 1, 1, 1, 1])
    response = client.get(_url(round_))
    focus = response.context["focus"]
    instrument = round_instrument(round_)
    expected = next(c for c in instrument.phases.categories if c.key == stored[0]["phase"])
    assert focus.phase == instrument.text(expected.title)
    assert len(focus.phases) == 1 + len(list(instrument.walk_dimensions()))
    assert 'id="phases-heading"' in response.content.decode()


def test_it_shows_an_empty_state_below_k_responses(client, round_):
    """Four answers at k=5: no numbers, a plain explanation of when results appear."""
    add_responses(round_, "staff", [5, 5, 5, 5])
    response = client.get(_url(round_))
    page = response.content.decode()
    assert "Results appear once at least 5 people have answered; so far fewer than 5" in page
    assert '<svg class="radar"' not in page
    assert response.context["heatmap"] == []


def test_an_htmx_request_gets_only_the_results_section(client, round_):
    """The filter's enhancement swaps #results; the full page stays the no-JS answer."""
    add_responses(round_, "staff", [1, 2, 3, 4, 5])
    response = client.get(_url(round_, "staff"), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="results"')
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_it_reads_responses_in_a_fixed_number_of_queries(
    client, round_, django_assert_max_num_queries
):
    """Ten or thirty responses: the same few queries (no query per response); one of them
    finds which instruments of the workspace share the round's lineage. The first view
    also reads the rows and stores the round's summary; the next reads the summary."""
    add_responses(round_, "staff", [3] * 30)
    with django_assert_max_num_queries(14):
        assert client.get(_url(round_)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(_url(round_)).status_code == 200


def test_a_viewer_can_see_results(client, round_):
    """Viewing results is the viewer role's one permission."""
    viewer = make_user("vic@example.org")
    round_.workspace.memberships.create(user=viewer, role=Role.VIEWER)
    add_responses(round_, "staff", [1, 2, 3, 4, 5])
    client.force_login(viewer)
    assert client.get(_url(round_)).status_code == 200


def test_it_rejects_foreign_workspace(client, round_):
    """Another workspace's results answer 404, whether by its slug or a round id under ours."""
    stranger = make_user("eve@example.org")
    own = make_workspace("evil", stranger)
    client.force_login(stranger)
    assert client.get(_url(round_)).status_code == 404
    foreign_round = reverse("results:round", args=[own.slug, round_.pk])
    assert client.get(foreign_round).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client, round_):
    """Without a session the page redirects to the login page."""
    client.logout()
    response = client.get(_url(round_))
    assert response.status_code == 302
