"""Personal invitations: pasted or uploaded addresses, mailed links, reminders with new links."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mognad.web.apps.rounds.actions import RoundError, invite_people, send_reminders
from mognad.web.apps.rounds.models import Invitation, RoundState
from mognad.web.apps.rounds.tasks import send_invitation
from mognad.web.tokens import hash_token
from tests.web.factories import make_round

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/i/([A-Za-z0-9_-]+)/")


@pytest.fixture
def round_(workspace):
    return make_round(workspace, groups=("staff", "customers"))


def staff(round_):
    return round_.groups.get(key="staff")


def links_by_address():
    found = {}
    for message in mail.outbox:
        (token,) = LINK.findall(message.body)
        found[message.to[0]] = token
    return found


def test_pasted_addresses_become_mailed_invitations(owner, round_):
    """Each address gets an invitation and a mail whose link's token hash is the stored one."""
    text = "ada@example.org\nbob@example.org, cy@example.org; dee@example.org"
    response = owner.post(
        f"/w/acme/rounds/{round_.pk}/invite/", {"group": staff(round_).pk, "addresses": text}
    )
    assert response.status_code == 302
    invitations = {i.email: i for i in Invitation.objects.all()}
    assert set(invitations) == {
        "ada@example.org",
        "bob@example.org",
        "cy@example.org",
        "dee@example.org",
    }
    assert len(mail.outbox) == 4
    for address, token in links_by_address().items():
        invitation = invitations[address]
        assert invitation.token_hash == hash_token(token)
        assert invitation.group == staff(round_)
        assert invitation.sent_on is not None
        assert invitation.used_on is None
    assert "Acme" in mail.outbox[0].subject


def test_duplicates_are_skipped_and_invalid_lines_reported(owner, round_):
    """Known and repeated addresses are skipped; bad ones are listed with their line."""
    Invitation.objects.create(
        round=round_, group=staff(round_), email="ada@example.org", token_hash="0" * 64
    )
    text = "ADA@example.org\nbob@example.org\nnot-an-address@\nbob@example.org\n\ncy@example.org"
    response = owner.post(
        f"/w/acme/rounds/{round_.pk}/invite/",
        {"group": staff(round_).pk, "addresses": text},
        follow=True,
    )
    html = response.content.decode()
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ada@example.org", "bob@example.org", "cy@example.org",
    ]  # fmt: skip
    assert len(mail.outbox) == 2
    assert "2 invitations are being sent." in html
    assert "2 addresses were skipped: already invited." in html
    assert "Line 3: “not-an-address@” is not an e-mail address." in html


def test_a_list_with_no_valid_address_is_refused_next_to_the_field(owner, round_):
    """Only bad addresses: the form comes back with each bad line, nothing is stored."""
    data = {"group": staff(round_).pk, "addresses": "hello\nworld@"}
    response = owner.post(f"/w/acme/rounds/{round_.pk}/invite/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "No valid address found." in html
    assert "Line 1: “hello” is not an e-mail address." in html
    assert "Line 2: “world@” is not an e-mail address." in html
    assert not Invitation.objects.exists()


def test_an_uploaded_csv_file_is_read(owner, round_):
    """A CSV with a name column and a header invites the addresses and reports the header."""
    content = b'name,email\nAda,ada@example.org\n"Bob B",<bob@example.org>\n'
    upload = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    response = owner.post(
        f"/w/acme/rounds/{round_.pk}/invite/",
        {"group": staff(round_).pk, "file": upload},
        follow=True,
    )
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "ada@example.org", "bob@example.org",
    }  # fmt: skip
    html = response.content.decode()
    assert "File line 1: “name” is not an e-mail address." in html


def test_a_file_over_one_megabyte_is_refused(owner, round_):
    """Uploads are limited to 1 MB."""
    content = b"a@example.org\n" * 80_000
    upload = SimpleUploadedFile("big.txt", content, content_type="text/plain")
    response = owner.post(
        f"/w/acme/rounds/{round_.pk}/invite/", {"group": staff(round_).pk, "file": upload}
    )
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not Invitation.objects.exists()


def test_more_than_five_thousand_addresses_are_refused(owner, round_):
    """At most 5,000 addresses go in one list."""
    text = "\n".join(f"p{n}@example.org" for n in range(5_001))
    response = owner.post(
        f"/w/acme/rounds/{round_.pk}/invite/", {"group": staff(round_).pk, "addresses": text}
    )
    assert "That is 5001 addresses; send at most 5000 at a time." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_file_that_is_not_text_is_refused(owner, round_):
    """Binary or wrongly named files get a message, not an error page."""
    upload = SimpleUploadedFile("people.xlsx", b"PK\x03\x04", content_type="application/zip")
    response = owner.post(
        f"/w/acme/rounds/{round_.pk}/invite/", {"group": staff(round_).pk, "file": upload}
    )
    assert "Upload a .txt or .csv file." in response.content.decode()
    bad = SimpleUploadedFile("people.txt", b"\xff\xfe\xfa", content_type="text/plain")
    response = owner.post(
        f"/w/acme/rounds/{round_.pk}/invite/", {"group": staff(round_).pk, "file": bad}
    )
    assert "Save the file as UTF-8 text and try again." in response.content.decode()


def test_it_refuses_a_group_of_another_round(owner, workspace, round_):
    """The group must belong to this round."""
    other = make_round(workspace)
    data = {"group": other.groups.first().pk, "addresses": "ada@example.org"}
    response = owner.post(f"/w/acme/rounds/{round_.pk}/invite/", data)
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_invitations_wait_for_the_round_to_open(owner, workspace):
    """A draft or closed round sends no invitations."""
    for state in (RoundState.DRAFT, RoundState.CLOSED):
        round_ = make_round(workspace, state=state)
        data = {"group": round_.groups.first().pk, "addresses": "ada@example.org"}
        response = owner.post(f"/w/acme/rounds/{round_.pk}/invite/", data, follow=True)
        assert "Invitations can only be sent while the round is open." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_reminders_go_with_new_links_to_those_who_have_not_answered(owner, round_):
    """Unused invitations get a new token and a mail; used ones get nothing."""
    invite_people(
        round_, staff(round_), ["ada@example.org", "bob@example.org"], base_url="http://testserver"
    )
    first = links_by_address()
    Invitation.objects.filter(email="bob@example.org").update(used_on="2030-01-02")
    mail.outbox.clear()
    response = owner.post(f"/w/acme/rounds/{round_.pk}/remind/", follow=True)
    assert "A reminder with a new link is being sent to 1 person." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    new_token = links_by_address()["ada@example.org"]
    assert new_token != first["ada@example.org"]
    ada = Invitation.objects.get(email="ada@example.org")
    assert ada.token_hash == hash_token(new_token)
    assert ada.reminded_on is not None
    bob = Invitation.objects.get(email="bob@example.org")
    assert bob.token_hash == hash_token(first["bob@example.org"])
    assert bob.reminded_on is None


def test_a_mail_queued_before_a_reminder_is_dropped(round_):
    """A task whose token a reminder replaced sends nothing, so no dead link goes out."""
    invite_people(round_, staff(round_), ["ada@example.org"], base_url="http://testserver")
    old = links_by_address()["ada@example.org"]
    send_reminders(round_, base_url="http://testserver")
    mail.outbox.clear()
    result = send_invitation.enqueue(round_.pk, "ada@example.org", old, "", "en", False)
    assert result.return_value is False
    assert mail.outbox == []


def test_reminders_only_while_open(workspace):
    """send_reminders refuses a draft or a closed round."""
    round_ = make_round(workspace, state=RoundState.CLOSED)
    with pytest.raises(RoundError):
        send_reminders(round_)


def test_the_mail_is_in_the_senders_language_when_the_round_has_it(round_):
    """A Swedish-speaking facilitator's invitations go out in Swedish (dates included)."""
    round_.closes_on = datetime.date(2030, 3, 31)
    round_.save(update_fields=["closes_on"])
    with translation.override("sv"):
        invite_people(round_, staff(round_), ["ada@example.org"], base_url="http://x")
    with translation.override("fi"):
        invite_people(round_, staff(round_), ["bob@example.org"], base_url="http://x")
    assert "31 mars 2030" in mail.outbox[0].body
    assert "March 31, 2030" in mail.outbox[1].body


def test_the_detail_page_lists_invitations(owner, round_):
    """E-mail, dates and whether each invitation was used appear in the table."""
    invite_people(round_, staff(round_), ["ada@example.org"], base_url="")
    html = owner.get(f"/w/acme/rounds/{round_.pk}/").content.decode()
    assert "<td>ada@example.org</td>" in html
    assert "1 invitation" in html
    assert "Remind 1 person who has not answered" in html


def test_a_viewer_cannot_change_anything(viewer, workspace):
    """Create, edit, open, close, invite and remind answer 403 to a viewer; the DB is unchanged."""
    draft = make_round(workspace, state=RoundState.DRAFT)
    open_ = make_round(workspace, state=RoundState.OPEN)
    group = open_.groups.first()
    assert viewer.get("/w/acme/rounds/new/").status_code == 403
    assert viewer.post("/w/acme/rounds/new/", {"title": "x"}).status_code == 403
    assert viewer.post(f"/w/acme/rounds/{draft.pk}/edit/", {"k": "9"}).status_code == 403
    assert viewer.post(f"/w/acme/rounds/{draft.pk}/open/").status_code == 403
    assert viewer.post(f"/w/acme/rounds/{open_.pk}/close/").status_code == 403
    data = {"group": group.pk, "addresses": "ada@example.org"}
    assert viewer.post(f"/w/acme/rounds/{open_.pk}/invite/", data).status_code == 403
    assert viewer.post(f"/w/acme/rounds/{open_.pk}/remind/").status_code == 403
    draft.refresh_from_db()
    open_.refresh_from_db()
    assert (draft.state, draft.k, open_.state) == (RoundState.DRAFT, 5, RoundState.OPEN)
    assert workspace.rounds.count() == 2
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    html = viewer.get(f"/w/acme/rounds/{open_.pk}/").content.decode()
    assert "/invite/" not in html
    assert "/close/" not in html
