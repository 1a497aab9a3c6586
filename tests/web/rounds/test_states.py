"""A round moves draft → open → closed, and nothing else; k freezes when it opens."""

import pytest

from mognad.web.apps.rounds.actions import RoundError, close_round, open_round
from mognad.web.apps.rounds.models import Invitation, Response, RoundState
from tests.web.factories import group_link_token, make_round, make_workspace

pytestmark = pytest.mark.django_db


def state_of(round_):
    round_.refresh_from_db()
    return round_.state


def test_it_opens_a_draft_and_closes_an_open_round(owner, workspace):
    """Open then Close move the round through its states, each with a confirmation."""
    round_ = make_round(workspace, state=RoundState.DRAFT)
    response = owner.post(f"/w/acme/rounds/{round_.pk}/open/", follow=True)
    assert state_of(round_) == RoundState.OPEN
    assert "The round is open." in response.content.decode()
    owner.post(f"/w/acme/rounds/{round_.pk}/close/")
    assert state_of(round_) == RoundState.CLOSED


def test_it_refuses_to_reopen_a_closed_round(owner, workspace):
    """Opening a closed round is refused with a message and leaves it closed."""
    round_ = make_round(workspace, state=RoundState.CLOSED)
    response = owner.post(f"/w/acme/rounds/{round_.pk}/open/", follow=True)
    assert "Only a draft round can be opened; this one is closed." in response.content.decode()
    assert state_of(round_) == RoundState.CLOSED


def test_it_refuses_to_close_a_draft(owner, workspace):
    """A draft cannot be closed: it was never open."""
    round_ = make_round(workspace, state=RoundState.DRAFT)
    response = owner.post(f"/w/acme/rounds/{round_.pk}/close/", follow=True)
    assert "Only an open round can be closed; this one is draft." in response.content.decode()
    assert state_of(round_) == RoundState.DRAFT


def test_the_actions_refuse_wrong_transitions(workspace):
    """open_round and close_round raise RoundError on a round in the wrong state."""
    round_ = make_round(workspace, state=RoundState.OPEN)
    with pytest.raises(RoundError):
        open_round(round_)
    close_round(round_)
    with pytest.raises(RoundError):
        close_round(round_)
    assert state_of(round_) == RoundState.CLOSED


def test_opening_and_closing_answer_only_to_post(owner, workspace):
    """A GET on a state change does nothing."""
    round_ = make_round(workspace, state=RoundState.DRAFT)
    assert owner.get(f"/w/acme/rounds/{round_.pk}/open/").status_code == 405
    assert state_of(round_) == RoundState.DRAFT


def test_k_is_frozen_once_the_round_opens(owner, workspace):
    """After opening, the edit page refuses and a posted k does not change the round."""
    round_ = make_round(workspace, state=RoundState.DRAFT)
    owner.post(f"/w/acme/rounds/{round_.pk}/open/")
    data = {"title": "Changed", "languages": ["en"], "k": "9"}
    response = owner.post(f"/w/acme/rounds/{round_.pk}/edit/", data, follow=True)
    assert "Only a draft round can be edited." in response.content.decode()
    round_.refresh_from_db()
    assert round_.k == 5
    assert round_.title != "Changed"


def test_the_detail_page_shows_links_participation_and_series(owner, workspace):
    """Each group shows its open link and counts; the page names the round's place in its series."""
    make_round(workspace)
    round_ = make_round(workspace, groups=("staff", "customers"))
    staff, customers = round_.groups.all()
    for n in range(12):
        Response.objects.create(
            round=round_, group=staff, client_id=f"00000000-0000-0000-0000-{n:012d}",
            language="en", answers={}, scores={}, submitted_on="2030-01-01",
        )  # fmt: skip
    for n in range(40):
        Invitation.objects.create(
            round=round_, group=staff, email=f"p{n}@example.org", token_hash=f"{n:064d}"
        )
    html = owner.get(f"/w/acme/rounds/{round_.pk}/").content.decode()
    assert f"http://testserver/r/{group_link_token(staff)}/" in html
    assert f"http://testserver/r/{group_link_token(customers)}/" in html
    assert "12 answered of 40 invited" in html
    assert "0 answered" in html
    assert "T1 of series Digital maturity — people first" in html
    assert f'href="/w/acme/results/{round_.pk}/"' in html
    earlier = workspace.rounds.get(series_index=0)
    assert f'href="/w/acme/rounds/{earlier.pk}/"' in html


def test_the_detail_page_needs_few_queries(owner, workspace, django_assert_max_num_queries):
    """Counting participation and listing invitations does not query per group or row (the
    series, listed and searched for carried actions, takes two queries each time)."""
    round_ = make_round(workspace, groups=("leadership", "staff", "customers", "partners"))
    group = round_.groups.first()
    for n in range(30):
        Invitation.objects.create(
            round=round_, group=group, email=f"p{n}@example.org", token_hash=f"{n:064d}"
        )
    with django_assert_max_num_queries(16):
        assert owner.get(f"/w/acme/rounds/{round_.pk}/").status_code == 200


def test_the_rounds_list_has_an_empty_state(owner):
    """With no rounds the list says so and points to the library."""
    html = owner.get("/w/acme/rounds/").content.decode()
    assert "No rounds yet." in html
    assert 'href="/w/acme/library/"' in html


def test_it_rejects_foreign_workspace(owner):
    """Another workspace's round answers 404 on every route, and stays unchanged."""
    other = make_round(make_workspace("other"), state=RoundState.DRAFT)
    base = f"/w/other/rounds/{other.pk}/"
    assert owner.get(base).status_code == 404
    assert owner.get(f"/w/acme/rounds/{other.pk}/").status_code == 404
    for action in ("open", "close", "remind", "invite"):
        assert owner.post(f"/w/acme/rounds/{other.pk}/{action}/").status_code == 404
    assert owner.get(f"/w/acme/rounds/{other.pk}/edit/").status_code == 404
    assert state_of(other) == RoundState.DRAFT
