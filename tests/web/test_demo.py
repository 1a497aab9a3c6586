"""The demo workspace: loaded once, the same every time, with believable results."""

from io import StringIO
from statistics import mean

import numpy as np
import pytest
from django.core.management import call_command
from django.test import Client

from mognad.core.answers import validate_answers
from mognad.core.model import PairItem, ScaleItem
from mognad.core.reference import score_response
from mognad.instruments import builtin_instruments, find_builtin
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Response, Round, RoundState
from mognad.web.apps.workspaces.models import Role, Workspace
from mognad.web.demo import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_SLUG,
    VIEWER_EMAIL,
    Respondent,
    make_respondent,
    synthetic_answers,
)

GROUPS = ("leadership", "staff", "customers")


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, settings):
    load_demo()
    return Workspace.objects.get(slug=DEMO_SLUG)


def scores_of(workspace, series_index, group):
    responses = Response.objects.filter(
        round__workspace=workspace, round__series_index=series_index, group__key=group
    )
    return [r.scores for r in responses]


def mean_of(values):
    return mean(v for v in values if v is not None)


def snapshot(workspace):
    rows = Response.objects.filter(round__workspace=workspace).values_list(
        "round__series_index", "group__key", "language", "answers", "scores", "submitted_on"
    )
    return sorted(rows, key=repr)


def test_loading_twice_leaves_one_demo_workspace(demo):
    """A second load changes nothing and prints the login again."""
    before = Response.objects.count()
    output = load_demo()
    assert Workspace.objects.filter(slug=DEMO_SLUG).count() == 1
    assert Round.objects.filter(workspace=demo).count() == 3
    assert Response.objects.count() == before >= 600
    assert "already there" in output
    assert f"http://127.0.0.1:8000/w/demo/ — log in as {DEMO_EMAIL} / {DEMO_PASSWORD}" in output


def test_reset_loads_the_same_demo_afresh(demo):
    """--reset replaces the workspace with one of identical answers and scores."""
    before = snapshot(demo)
    output = load_demo("--reset")
    workspace = Workspace.objects.get(slug=DEMO_SLUG)
    assert workspace.pk != demo.pk
    assert snapshot(workspace) == before
    assert "Loaded" in output


def test_it_prints_the_address_on_the_configured_port(db, settings, monkeypatch):
    """The printed address follows PORT, as `make run` serves there."""
    monkeypatch.setenv("PORT", "9123")
    assert "http://127.0.0.1:9123/w/demo/" in load_demo()


def test_two_closed_rounds_of_about_300_and_one_open_round_under_k(demo):
    """T0 and T1 are closed with ~300 responses; T2 is open, some groups below k."""
    rounds = list(Round.objects.filter(workspace=demo).order_by("series_index"))
    assert [r.state for r in rounds] == [RoundState.CLOSED, RoundState.CLOSED, RoundState.OPEN]
    assert all(r.instrument_id == "people-first" for r in rounds)
    for round_ in rounds:
        assert sorted(g.key for g in round_.groups.all()) == ["customers", "leadership", "staff"]
        days = set(round_.responses.values_list("submitted_on", flat=True))
        assert round_.opens_on <= min(days) <= max(days) <= round_.closes_on
    assert [280 <= r.responses.count() <= 320 for r in rounds[:2]] == [True, True]
    open_counts = [
        rounds[2].responses.filter(group__key=g).count() for g in ("leadership", "staff")
    ]
    assert open_counts[0] < rounds[2].k <= open_counts[1]


def test_overall_scores_are_mostly_present(demo):
    """At least nine in ten responses have an overall score and level."""
    scores = list(Response.objects.values_list("scores", flat=True))
    present = [s for s in scores if s["overall"] is not None and s["level"] is not None]
    assert len(present) >= 0.9 * len(scores)


def test_leadership_rates_leadership_higher_than_staff_does(demo):
    """The say/do gap: leaders see more ownership of the change than staff see."""
    for series_index in (0, 1):
        leaders = scores_of(demo, series_index, "leadership")
        staff = scores_of(demo, series_index, "staff")
        leaders_mean = mean_of(s["dimensions"]["leadership"] for s in leaders)
        assert leaders_mean > mean_of(s["dimensions"]["leadership"] for s in staff) + 10


def test_customers_see_less_of_the_customer_work_than_staff(demo):
    """Customers rate the understanding of customers lower than staff do."""
    customers = scores_of(demo, 0, "customers")
    staff = scores_of(demo, 0, "staff")
    customers_mean = mean_of(s["dimensions"]["customers"] for s in customers)
    assert customers_mean < mean_of(s["dimensions"]["customers"] for s in staff)


def test_t1_is_better_than_t0_in_every_group(demo):
    """Progress: every group's mean overall score rises from T0 to T1."""
    for group in GROUPS:
        t0 = mean_of(s["overall"] for s in scores_of(demo, 0, group))
        t1 = mean_of(s["overall"] for s in scores_of(demo, 1, group))
        assert t1 > t0 + 2


def test_every_stored_answers_document_validates_and_scores_as_stored(demo):
    """Each response's answers are valid and its scores match the reference scorer."""
    instrument = round_instrument(Round.objects.filter(workspace=demo).first())
    for response in Response.objects.all():
        assert validate_answers(instrument, response.answers) == []
        assert response.language in instrument.languages
    for response in Response.objects.all()[:40]:
        expected = score_response(instrument, response.answers).overall
        assert response.scores["overall"] == pytest.approx(expected, abs=1e-3)


def test_the_demo_users_can_log_in_with_their_roles(demo):
    """The printed owner login works, and the viewer is a viewer of the demo."""
    assert Client().login(username=DEMO_EMAIL, password=DEMO_PASSWORD)
    assert Client().login(username=VIEWER_EMAIL, password=DEMO_PASSWORD)
    roles = dict(demo.memberships.values_list("user__username", "role"))
    assert roles == {DEMO_EMAIL: Role.OWNER, VIEWER_EMAIL: Role.VIEWER}


@pytest.mark.parametrize("instrument", builtin_instruments(), ids=lambda i: i.id)
def test_synthetic_answers_are_valid_for_every_builtin_instrument(instrument):
    """Every item type, "don't know" and show-if give answers that validate."""
    rng = np.random.default_rng(1)
    for group in GROUPS * 20:
        respondent = make_respondent(rng, instrument, group, 0)
        assert validate_answers(instrument, synthetic_answers(rng, instrument, respondent)) == []


def test_reversed_items_are_answered_mirrored():
    """A respondent high on every dimension disagrees with reversed statements."""
    instrument = find_builtin("people-first")
    levels = {d.key: 95.0 for d in instrument.walk_dimensions()}
    respondent = Respondent(levels, dict.fromkeys(levels, 0.0), "en")
    answers = synthetic_answers(np.random.default_rng(2), instrument, respondent)
    scales = [item for _, item in instrument.walk_items() if isinstance(item, ScaleItem)]
    assert max(answers[item.key] for item in scales if item.reverse) <= 2
    assert min(answers[item.key] for item in scales if not item.reverse) >= 4


def test_pairs_rate_importance_above_performance(demo):
    """Across the demo, what matters is rated higher than what is done."""
    instrument = find_builtin("people-first")
    pairs = [item.key for _, item in instrument.walk_items() if isinstance(item, PairItem)]
    parts = {"importance": [], "performance": []}
    for answers in Response.objects.values_list("answers", flat=True):
        for key in pairs:
            for part, values in parts.items():
                if isinstance(answers[key][part], int):
                    values.append(answers[key][part])
    assert mean(parts["importance"]) > mean(parts["performance"]) + 0.5


def test_every_results_section_has_something_to_show(demo):
    """Gaps, a three-round trend, five peers or more, the say/do grid and themes."""
    client = Client()
    client.login(username=DEMO_EMAIL, password=DEMO_PASSWORD)
    t1, t2 = Round.objects.filter(workspace=demo).order_by("series_index")[1:3]

    def page(round_, section):
        url = f"/w/{DEMO_SLUG}/results/{round_.pk}/{section}/"
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    assert page(t1, "gaps").count('class="depth-0 flagged"') >= 3
    trend = page(t2, "progress")
    assert ">T0</th>" in trend and ">T2</th>" in trend
    benchmark = page(t1, "benchmark")
    assert "more organisation" not in benchmark and 'class="bar"' in benchmark
    assert page(t1, "say-do").count("Concentrate here") >= 2
    assert page(t1, "open-answers").count("<h4>Theme of") >= 3
