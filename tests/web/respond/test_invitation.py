"""Personal invitations: single use, their own way back, and no trace in the response."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Draft, Invitation, Response, Round
from mognad.web.tokens import hash_token, new_token
from tests.web.respond.helpers import answer_pages, client_id_on, page_post, page_url, start

pytestmark = pytest.mark.django_db


def _invite(round_: Round, email: str = "eva@example.org") -> str:
    token = new_token()
    Invitation.objects.create(
        round=round_, group=round_.groups.get(key="leadership"), email=email,
        token_hash=hash_token(token),
    )  # fmt: skip
    return f"/i/{token}/"


def _answer_all(client: Client, round_: Round, link: str) -> None:
    start(client, link)
    answer_pages(client, round_, link, 6)
    data = page_post(round_instrument(round_), 7, "submit")
    data["client_id"] = client_id_on(client.get(page_url(link, 7)).content.decode())
    assert client.post(f"{link}submit/", data)["Location"] == f"{link}done/"


def test_a_personal_invitation_can_be_used_once(client, people_first):
    """After submitting, the invitation is marked used and its link only says thank you."""
    link = _invite(people_first)
    _answer_all(client, people_first, link)
    assert Invitation.objects.get().used_on == timezone.localdate()
    assert Response.objects.get().group.key == "leadership"
    for attempt in (Client().get(link), Client().post(link)):
        assert attempt.status_code == 200
        assert "can only be used once" in attempt.content.decode()
    assert Draft.objects.count() == 0
    assert Response.objects.count() == 1


def test_the_used_invitation_page_leads_back_to_the_own_reflection(client, people_first):
    """The browser that answered finds its reflection again from the thank-you page."""
    link = _invite(people_first)
    _answer_all(client, people_first, link)
    assert f'href="{link}done/"' in client.get(link).content.decode()


def test_an_invitation_resumes_through_its_own_link_on_any_device(client, people_first):
    """The draft belongs to the invitation, so the link alone leads back to the saved page."""
    link = _invite(people_first)
    start(client, link)
    answer_pages(client, people_first, link, 1)
    back = Client().get(link)
    assert back.status_code == 302 and back["Location"] == page_url(link, 2)
    assert Draft.objects.get().invitation is not None


def test_pressing_start_twice_keeps_one_draft_per_invitation(client, people_first):
    """A double click on Start does not make two drafts."""
    link = _invite(people_first)
    start(client, link)
    start(Client(), link)
    assert Draft.objects.count() == 1


def test_the_response_holds_nothing_of_the_invitation(client, people_first):
    """Neither the e-mail address nor the token's hash appears in the stored response."""
    link = _invite(people_first, "unique-person@example.org")
    _answer_all(client, people_first, link)
    stored = Response.objects.get()
    text = json.dumps([stored.answers, stored.scores, str(stored.client_id)])
    invitation = Invitation.objects.get()
    assert "unique-person" not in text
    assert invitation.token_hash not in text
