"""The workspace list, creating a workspace, its dashboard and its settings, through HTTP."""

import re

import pytest

from mognad.web.apps.rounds.models import RoundState
from mognad.web.apps.workspaces.models import Membership, Role, Workspace
from tests.web.factories import make_round, make_user, make_workspace
from tests.web.inline import inline_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    user = make_user("ada@example.org")
    client.force_login(user)
    return user


def test_the_workspace_list_needs_a_login(client):
    """Anonymous visitors are sent to log in and come back afterwards."""
    response = client.get("/w/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/w/"


def test_the_list_explains_what_to_do_when_empty(client, ada):
    """Without workspaces the page says how to get one and offers the form."""
    page = client.get("/w/").content.decode()
    assert "You have no workspace yet" in page
    assert 'name="name"' in page


def test_the_list_shows_only_my_workspaces_with_my_role(client, ada):
    """Workspaces of others stay out of the list."""
    make_workspace("mine", user=ada, role=Role.VIEWER)
    make_workspace("theirs", user=make_user("bob@example.org"))
    page = client.get("/w/").content.decode()
    assert 'href="/w/mine/"' in page
    assert "Viewer" in page
    assert "/w/theirs/" not in page


def test_creating_a_workspace_makes_me_its_owner(client, ada):
    """The slug comes from the name; the creator becomes owner and lands on the dashboard."""
    response = client.post("/w/", {"name": "Acme Båtar & Co"})
    workspace = Workspace.objects.get()
    assert (workspace.name, workspace.slug) == ("Acme Båtar & Co", "acme-batar-co")
    assert response["Location"] == "/w/acme-batar-co/"
    assert Membership.objects.get(workspace=workspace).user == ada
    assert Membership.objects.get(workspace=workspace).role == Role.OWNER
    assert not workspace.benchmark_opt_in


def test_slugs_stay_unique_and_avoid_reserved_words(client, ada):
    """A name taken already gets a number; names like "invite" never clash with URLs."""
    for name in ("Acme", "Acme", "Invite", "日本"):
        client.post("/w/", {"name": name})
    slugs = list(Workspace.objects.order_by("pk").values_list("slug", flat=True))
    assert slugs == ["acme", "acme-2", "invite-2", "workspace"]


def test_it_rejects_an_empty_name(client, ada):
    """A blank name gives the form back with its error; nothing is created."""
    response = client.post("/w/", {"name": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not Workspace.objects.exists()


def test_the_dashboard_groups_rounds_in_series(client, ada):
    """Rounds of one instrument appear together as T0, T1 with their state."""
    workspace = make_workspace("acme", user=ada)
    first = make_round(workspace, state=RoundState.CLOSED)
    second = make_round(workspace, state=RoundState.OPEN)
    other = make_round(workspace, instrument_id="seven-theses", state=RoundState.DRAFT)
    response = client.get("/w/acme/")
    series = response.context["series"]
    assert [(s.instrument_id, [r.pk for r in s.rounds]) for s in series] == [
        ("people-first", [first.pk, second.pk]),
        ("seven-theses", [other.pk]),
    ]
    page = response.content.decode()
    # Whole words only: a CSRF token in the page may contain the letters "T1".
    assert _word_at(page, "T0") < _word_at(page, "T1")
    for state in ("Closed", "Open", "Draft"):
        assert state in page
    assert f'href="/w/acme/results/{first.pk}/"' in page
    assert 'href="/w/acme/rounds/new/"' in page


def test_the_empty_dashboard_invites_to_start_a_round(client, ada):
    """Without rounds the dashboard says so and links to starting one and the library."""
    make_workspace("acme", user=ada)
    page = client.get("/w/acme/").content.decode()
    assert "No rounds yet" in page
    assert 'href="/w/acme/rounds/new/"' in page
    assert 'href="/w/acme/library/"' in page


def test_a_viewer_sees_results_but_no_way_to_run_rounds(client, ada):
    """Viewers read results only: no start link, no round management links."""
    workspace = make_workspace("acme", user=ada, role=Role.VIEWER)
    round_ = make_round(workspace)
    page = client.get("/w/acme/").content.decode()
    assert f'href="/w/acme/results/{round_.pk}/"' in page
    assert "/w/acme/rounds/new/" not in page
    assert f"/w/acme/rounds/{round_.pk}/open/" not in page
    assert "/w/acme/settings/" not in page


def test_the_dashboard_query_count_does_not_grow_with_rounds(
    client, ada, django_assert_max_num_queries
):
    """Rounds are read in one query, however many there are."""
    workspace = make_workspace("acme", user=ada)
    for _ in range(6):
        make_round(workspace)
    with django_assert_max_num_queries(6):
        client.get("/w/acme/")


def test_the_owner_changes_the_settings(client, ada):
    """The name and the benchmark choice are saved; the slug stays."""
    make_workspace("acme", user=ada)
    page = client.get("/w/acme/settings/").content.decode()
    assert "benchmark" in page
    assert "checked" not in page
    response = client.post("/w/acme/settings/", {"name": "Acme AB", "benchmark_opt_in": "on"})
    assert response["Location"] == "/w/acme/settings/"
    workspace = Workspace.objects.get()
    assert (workspace.name, workspace.slug, workspace.benchmark_opt_in) == (
        "Acme AB",
        "acme",
        True,
    )
    assert "The settings are saved." in client.get("/w/acme/settings/").content.decode()


def test_a_blank_name_in_the_settings_is_refused(client, ada):
    """The settings form shows its error and keeps the old name."""
    make_workspace("acme", user=ada)
    response = client.post("/w/acme/settings/", {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Workspace.objects.get().name == "Acme"


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.VIEWER])
def test_only_owners_reach_the_settings(client, ada, role):
    """Other roles get 403 on the page and on a change, and nothing changes."""
    make_workspace("acme", user=ada, role=role)
    assert client.get("/w/acme/settings/").status_code == 403
    response = client.post("/w/acme/settings/", {"name": "Hacked", "benchmark_opt_in": "on"})
    assert response.status_code == 403
    workspace = Workspace.objects.get()
    assert (workspace.name, workspace.benchmark_opt_in) == ("Acme", False)


def test_the_pages_carry_no_inline_script_or_style(client, ada):
    """Every workspace and account page passes the Content-Security-Policy without inline code."""
    workspace = make_workspace("acme", user=ada)
    make_round(workspace)
    pages = ["/w/", "/w/acme/", "/w/acme/settings/", "/w/acme/members/"]
    for path in pages:
        assert inline_code(client.get(path).content.decode()) == [], path
    client.logout()
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password-reset/"]:
        assert inline_code(client.get(path).content.decode()) == [], path


def _word_at(page: str, word: str) -> int:
    found = re.search(rf"\b{word}\b", page)
    assert found, word
    return found.start()
