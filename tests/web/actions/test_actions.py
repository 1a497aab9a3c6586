"""Actions: taken from a result, listed per workspace, carried into the next round."""

from math import floor
from statistics import mean

import pytest
from django.urls import reverse

from mognad.web.apps.actions.actions import ActionFields, create_action
from mognad.web.apps.actions.models import Action, ActionStatus, SourceKind
from mognad.web.apps.rounds.models import RoundState
from mognad.web.apps.workspaces.models import Membership, Role
from tests.web.factories import add_responses, make_round, make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = make_user()
    client.force_login(user)
    return user


@pytest.fixture
def workspace(owner):
    return make_workspace("acme", owner)


@pytest.fixture
def low_round(workspace):
    """A closed T0 where everyone answered at the bottom: the 'watching' advice applies."""
    round_ = make_round(workspace, state=RoundState.CLOSED)
    add_responses(round_, "leadership", [1] * 5)
    add_responses(round_, "staff", [1] * 6)
    return round_


def _new_url(round_, **query):
    url = reverse("actions:new", args=[round_.workspace.slug])
    params = "&".join(f"{k}={v}" for k, v in {"round": round_.pk, **query}.items())
    return f"{url}?{params}"


def _action(round_, title="Meet customers", dimensions=("customers",), status="planned"):
    fields = ActionFields(title=title, dimensions=dimensions, status=status)
    return create_action(round_, fields, SourceKind.RECOMMENDATION, "customers.watching")


def test_a_recommendation_on_the_results_page_becomes_an_action(client, low_round):
    """The results link opens a form filled from the advice; saving stores its origin."""
    results = client.get(reverse("results:round", args=["acme", low_round.pk])).content.decode()
    link = _new_url(low_round, recommendation="customers.watching").replace("&", "&amp;")
    assert link in results
    form = client.get(_new_url(low_round, recommendation="customers.watching")).content.decode()
    assert 'value="Go and meet customers"' in form
    data = {
        "title": "Go and meet customers",
        "owner": "Ada",
        "due_on": "2027-03-01",
        "status": "planned",
        "dimensions": ["customers"],
        "notes": "Two visits each",
    }
    response = client.post(_new_url(low_round, recommendation="customers.watching"), data)
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.title, action.owner, str(action.due_on)) == (
        "Go and meet customers",
        "Ada",
        "2027-03-01",
    )
    assert (action.source_kind, action.source_key) == ("recommendation", "customers.watching")
    assert (action.workspace, action.round, action.dimensions) == (
        low_round.workspace,
        low_round,
        ["customers"],
    )


def test_a_gap_named_in_the_address_becomes_the_origin(client, low_round):
    """An action taken from a group gap records the dimension and the two groups."""
    url = _new_url(low_round, gap="staff:leadership:staff")
    page = client.get(url).content.decode()
    assert "Gap between Leadership and Staff in" in page
    client.post(url, {"title": "Talk it through", "status": "doing", "dimensions": ["staff"]})
    action = Action.objects.get()
    assert (action.source_kind, action.source_key, action.status) == (
        "gap",
        "staff:leadership:staff",
        "doing",
    )


def test_it_rejects_an_empty_title_and_keeps_what_was_typed(client, low_round):
    """A missing title is named on the form; the owner and notes typed are still there."""
    response = client.post(
        _new_url(low_round), {"title": " ", "owner": "Bea", "status": "planned", "notes": "Keep me"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page or "Give the action a title." in page
    assert 'value="Bea"' in page and "Keep me" in page
    assert not Action.objects.exists()


def test_it_rejects_a_dimension_the_questionnaire_does_not_have(client, low_round):
    """A forged dimension key is refused on the dimensions field, not stored."""
    response = client.post(
        _new_url(low_round), {"title": "X", "status": "planned", "dimensions": ["nope"]}
    )
    assert response.status_code == 200
    assert "nope" in response.content.decode()
    assert not Action.objects.exists()


def test_a_new_action_needs_a_round_of_this_workspace(client, workspace, low_round):
    """Without a round the list asks for one; another workspace's round is a 404."""
    response = client.get(reverse("actions:new", args=["acme"]))
    assert response.status_code == 302 and response["Location"] == "/w/acme/actions/"
    other = make_round(make_workspace("other"))
    assert (
        client.get(
            _new_url(low_round).replace(f"round={low_round.pk}", f"round={other.pk}")
        ).status_code
        == 404
    )


def test_the_list_filters_by_status_and_round(client, workspace, low_round):
    """Only the actions with the chosen status and round are listed."""
    later = make_round(workspace)
    _action(low_round, "Alpha plan", status="planned")
    _action(low_round, "Bravo done", status="done")
    _action(later, "Charlie later", status="planned")
    url = reverse("actions:list", args=["acme"])
    page = client.get(url, {"status": "planned", "round": low_round.pk}).content.decode()
    assert "Alpha plan" in page and "Bravo done" not in page and "Charlie later" not in page
    everything = client.get(url, {"status": "bogus"}).content.decode()
    assert all(t in everything for t in ("Alpha plan", "Bravo done", "Charlie later"))


def test_editing_and_moving_an_action_on(client, low_round):
    """The edit form changes what was typed; the status form moves it and returns."""
    action = _action(low_round)
    edit = reverse("actions:edit", args=["acme", action.pk])
    client.post(
        edit,
        {
            "title": "Meet ten customers",
            "owner": "Cy",
            "status": "doing",
            "dimensions": ["customers", "staff"],
        },
    )
    action.refresh_from_db()
    assert (action.title, action.owner, action.status, action.dimensions) == (
        "Meet ten customers",
        "Cy",
        "doing",
        ["customers", "staff"],
    )
    status = reverse("actions:status", args=["acme", action.pk])
    response = client.post(status, {"status": "done", "next": "/w/acme/actions/?status=doing"})
    assert response["Location"] == "/w/acme/actions/?status=doing"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert client.post(status, {"status": "finished"}).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_a_viewer_reads_actions_but_cannot_change_them(client, workspace, low_round):
    """Viewers see the list; every write answers 403 and changes nothing."""
    action = _action(low_round)
    viewer = make_user("vic@example.org")
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    client.force_login(viewer)
    page = client.get(reverse("actions:list", args=["acme"]))
    assert page.status_code == 200 and "Meet customers" in page.content.decode()
    assert reverse("actions:edit", args=["acme", action.pk]) not in page.content.decode()
    writes = [
        _new_url(low_round),
        reverse("actions:edit", args=["acme", action.pk]),
        reverse("actions:status", args=["acme", action.pk]),
    ]
    for url in writes:
        assert client.post(url, {"title": "Hacked", "status": "dropped"}).status_code == 403
    assert client.get(writes[0]).status_code == 403
    action.refresh_from_db()
    assert (action.title, action.status) == ("Meet customers", "planned")


def test_the_next_round_shows_open_actions_beside_their_dimensions(client, workspace, low_round):
    """T1's page lists T0's planned and ongoing actions under their dimension; done ones not."""
    _action(low_round, "Visit customers", ("customers",), "planned")
    _action(low_round, "Already done", ("customers",), "done")
    _action(low_round, "Ask staff first", ("staff",), "doing")
    next_round = make_round(workspace, state=RoundState.DRAFT)
    page = client.get(reverse("rounds:detail", args=["acme", next_round.pk])).content.decode()
    section = page[page.index("Open actions from earlier rounds") :]
    customers = section.index("<dt>Understanding customers")
    assert (
        customers
        < section.index("Visit customers")
        < section.index("<dt>Understanding staff")
        < section.index("Ask staff first")
    )
    assert "Already done" not in section
    first = client.get(reverse("rounds:detail", args=["acme", low_round.pk])).content.decode()
    assert "Open actions from earlier rounds" not in first


def _dimension_mean(stored, key):
    return mean(s["dimensions"][key] for s in stored)


def test_the_next_rounds_results_show_each_actions_dimension_change(client, workspace):
    """T1's results give T1 minus T0 for the aimed dimension, computed from stored scores."""
    first = make_round(workspace, state=RoundState.CLOSED)
    before = add_responses(first, "leadership", [2] * 5) + add_responses(first, "staff", [3] * 5)
    _action(first, "Visit customers", ("customers",))
    second = make_round(workspace)
    after = add_responses(second, "leadership", [4] * 5) + add_responses(second, "staff", [5] * 5)
    expected = floor(_dimension_mean(after, "customers") + 0.5) - floor(
        _dimension_mean(before, "customers") + 0.5
    )
    delta = round(_dimension_mean(after, "customers") - _dimension_mean(before, "customers"))
    assert delta > 0 and abs(delta - expected) <= 1
    page = client.get(reverse("results:round", args=["acme", second.pk])).content.decode()
    section = page[page.index("Actions from earlier rounds") :]
    assert "Visit customers" in section
    assert f"<strong>+{delta}</strong>" in section


def test_no_change_is_shown_when_the_gate_hides_a_round(client, workspace):
    """With fewer than k answers in the next round there is no change, only “–”."""
    first = make_round(workspace, state=RoundState.CLOSED)
    add_responses(first, "leadership", [2] * 5)
    _action(first, "Visit customers", ("customers",))
    second = make_round(workspace)
    add_responses(second, "leadership", [4] * 3)
    page = client.get(reverse("results:round", args=["acme", second.pk])).content.decode()
    section = page[page.index("Actions from earlier rounds") :]
    assert "<strong>–</strong>" in section and "<strong>+" not in section
