"""Members and roles: invitations by e-mail, role changes, removal, and the last owner."""

import datetime
import re

import pytest

from mognad.web.apps.workspaces.models import MemberInvite, Membership, Role
from mognad.web.apps.workspaces.tasks import send_member_invite
from mognad.web.tokens import hash_token
from tests.web.factories import PASSWORD, make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = make_user("ada@example.org")
    make_workspace("acme", user=user)
    client.force_login(user)
    return user


def _invite(client, email="bob@example.org", role=Role.FACILITATOR):
    return client.post("/w/acme/members/", {"email": email, "role": role})


def _link_path(mail) -> str:
    match = re.search(r"https?://[^/\s]+(/w/invite/\S+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def _membership(email):
    return Membership.objects.get(workspace__slug="acme", user__email=email)


def test_an_invitation_is_mailed_and_accepting_it_makes_a_member(client, owner, mailoutbox):
    """Invite → e-mail with a link → the invitee accepts → a membership with the role."""
    response = _invite(client, "Bob@Example.org", Role.VIEWER)
    assert response["Location"] == "/w/acme/members/"
    assert [mail.to for mail in mailoutbox] == [["bob@example.org"]]
    assert "Acme" in mailoutbox[0].subject
    path = _link_path(mailoutbox[0])
    client.force_login(make_user("bob@example.org"))
    page = client.get(path).content.decode()
    assert "You are invited to the Mognad workspace Acme as Viewer." in page
    response = client.post(path)
    assert response["Location"] == "/w/acme/"
    assert _membership("bob@example.org").role == Role.VIEWER
    assert MemberInvite.objects.get().accepted_on is not None


def test_only_the_hash_of_the_invitation_token_is_stored(client, owner, mailoutbox):
    """The database holds the token's hash, never the token from the e-mail."""
    _invite(client)
    token = _link_path(mailoutbox[0]).split("/")[-2]
    invite = MemberInvite.objects.get()
    assert invite.token_hash == hash_token(token)
    assert token not in invite.token_hash


def test_a_newcomer_signs_up_and_returns_to_the_invitation(client, owner, mailoutbox):
    """Logged out, the invitation page offers sign-up and brings the newcomer back to accept."""
    _invite(client)
    path = _link_path(mailoutbox[0])
    client.post("/accounts/logout/")
    page = client.get(path).content.decode()
    assert f'href="/accounts/signup/?next={path}"' in page.replace("%2F", "/")
    assert client.post(path).status_code == 200
    assert not Membership.objects.filter(user__email="bob@example.org").exists()
    data = {"email": "bob@example.org", "password": PASSWORD, "next": path}
    response = client.post("/accounts/signup/", data)
    assert response["Location"] == path
    client.post(path)
    assert _membership("bob@example.org").role == Role.FACILITATOR


def test_an_invitation_works_once(client, owner, mailoutbox):
    """A used link shows a friendly page with status 404 and makes nobody a member."""
    _invite(client)
    path = _link_path(mailoutbox[0])
    client.force_login(make_user("bob@example.org"))
    client.post(path)
    client.force_login(make_user("eve@example.org"))
    response = client.post(path)
    assert response.status_code == 404
    assert "does not work any more" in response.content.decode()
    assert not Membership.objects.filter(user__email="eve@example.org").exists()


def test_an_invitation_expires_after_two_weeks(client, owner, mailoutbox):
    """An invitation older than INVITE_VALID_DAYS no longer opens."""
    _invite(client)
    old = datetime.date.today() - datetime.timedelta(days=15)
    MemberInvite.objects.update(created_on=old)
    client.force_login(make_user("bob@example.org"))
    assert client.post(_link_path(mailoutbox[0])).status_code == 404
    assert not Membership.objects.filter(user__email="bob@example.org").exists()


def test_a_made_up_token_answers_404(client, owner):
    """An unknown token gets the friendly page, not an error."""
    response = client.get("/w/invite/made-up-token/")
    assert response.status_code == 404
    assert "does not work any more" in response.content.decode()


def test_accepting_never_lowers_a_members_role(client, owner, mailoutbox):
    """A member who accepts an invitation with a lesser role keeps their own."""
    bob = make_user("bob@example.org")
    _invite(client, "bob-other@example.org", Role.VIEWER)
    Membership.objects.create(workspace=owner.memberships.get().workspace, user=bob, role="owner")
    client.force_login(bob)
    client.post(_link_path(mailoutbox[0]))
    assert _membership("bob@example.org").role == Role.OWNER


def test_inviting_a_member_shows_an_error_next_to_the_address(client, owner, mailoutbox):
    """An address that is a member already is refused; no invitation, no mail."""
    response = _invite(client, "ADA@example.org")
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"] == ["This person is a member already."]
    assert not MemberInvite.objects.exists()
    assert mailoutbox == []


def test_inviting_again_replaces_the_pending_invitation(client, owner, mailoutbox):
    """A second invitation to the same address leaves one pending, and only its link works."""
    _invite(client)
    _invite(client, role=Role.VIEWER)
    assert MemberInvite.objects.get().role == Role.VIEWER
    client.force_login(make_user("bob@example.org"))
    assert client.post(_link_path(mailoutbox[0])).status_code == 404
    assert client.post(_link_path(mailoutbox[1])).status_code == 302


def test_a_withdrawn_invitation_no_longer_opens(client, owner, mailoutbox):
    """The owner withdraws a pending invitation; its link then shows the friendly 404."""
    _invite(client)
    invite = MemberInvite.objects.get()
    assert client.post(f"/w/acme/invites/{invite.pk}/revoke/").status_code == 302
    assert not MemberInvite.objects.exists()
    assert client.get(_link_path(mailoutbox[0])).status_code == 404


def test_the_mail_task_skips_an_invitation_accepted_meanwhile(owner):
    """A queued e-mail for an invitation accepted before the worker runs is not sent."""
    invite = MemberInvite.objects.create(
        workspace=owner.memberships.get().workspace,
        email="bob@example.org",
        role=Role.VIEWER,
        token_hash="x" * 64,
        accepted_on=datetime.date.today(),
    )
    assert send_member_invite.call(invite.pk, "http://testserver/", "en") is False


def test_the_members_page_lists_members_and_roles(client, owner):
    """Every member with their role; the owner sees the invitation form."""
    workspace = owner.memberships.get().workspace
    Membership.objects.create(workspace=workspace, user=make_user("bob@example.org"), role="viewer")
    page = client.get("/w/acme/members/").content.decode()
    assert "ada@example.org" in page
    assert "bob@example.org" in page
    assert 'name="email"' in page
    assert 'for="role-' in page


def test_the_owner_changes_a_role_and_removes_a_member(client, owner):
    """Role changes and removals are stored."""
    workspace = owner.memberships.get().workspace
    bob = Membership.objects.create(
        workspace=workspace, user=make_user("bob@example.org"), role=Role.VIEWER
    )
    response = client.post(f"/w/acme/members/{bob.pk}/role/", {"role": Role.FACILITATOR})
    assert response["Location"] == "/w/acme/members/"
    assert _membership("bob@example.org").role == Role.FACILITATOR
    client.post(f"/w/acme/members/{bob.pk}/remove/")
    assert not Membership.objects.filter(pk=bob.pk).exists()


def test_an_unknown_role_is_refused(client, owner):
    """A role outside the three is refused with a message; nothing changes."""
    me = _membership("ada@example.org")
    response = client.post(f"/w/acme/members/{me.pk}/role/", {"role": "emperor"}, follow=True)
    assert "Choose one of the roles." in response.content.decode()
    assert _membership("ada@example.org").role == Role.OWNER


def test_the_last_owner_can_be_neither_demoted_nor_removed(client, owner):
    """A workspace always keeps an owner; the page says why the change was refused."""
    me = _membership("ada@example.org")
    response = client.post(f"/w/acme/members/{me.pk}/role/", {"role": Role.VIEWER}, follow=True)
    assert "A workspace needs an owner" in response.content.decode()
    response = client.post(f"/w/acme/members/{me.pk}/remove/", follow=True)
    assert "A workspace needs an owner" in response.content.decode()
    assert _membership("ada@example.org").role == Role.OWNER


def test_an_owner_may_step_down_when_another_owner_remains(client, owner):
    """With two owners, one can become facilitator."""
    workspace = owner.memberships.get().workspace
    Membership.objects.create(workspace=workspace, user=make_user("bob@example.org"), role="owner")
    me = _membership("ada@example.org")
    client.post(f"/w/acme/members/{me.pk}/role/", {"role": Role.FACILITATOR})
    assert _membership("ada@example.org").role == Role.FACILITATOR


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.VIEWER])
def test_non_owners_cannot_change_members(client, mailoutbox, role):
    """Facilitators and viewers get 403 on every member change; the database stays as it was."""
    ada = make_user("ada@example.org")
    workspace = make_workspace("acme", user=ada)
    me = Membership.objects.create(
        workspace=workspace, user=make_user("bob@example.org"), role=role
    )
    invite = MemberInvite.objects.create(
        workspace=workspace, email="carl@example.org", role=role, token_hash="y" * 64
    )
    owner_row = _membership("ada@example.org")
    client.force_login(me.user)
    before = list(Membership.objects.order_by("pk").values_list("pk", "role"))
    assert client.get("/w/acme/members/").status_code == 200
    assert _invite(client, "eve@example.org", Role.OWNER).status_code == 403
    assert client.post(f"/w/acme/members/{me.pk}/role/", {"role": "owner"}).status_code == 403
    assert client.post(f"/w/acme/members/{owner_row.pk}/remove/").status_code == 403
    assert client.post(f"/w/acme/invites/{invite.pk}/revoke/").status_code == 403
    assert list(Membership.objects.order_by("pk").values_list("pk", "role")) == before
    assert list(MemberInvite.objects.values_list("email", flat=True)) == ["carl@example.org"]
    assert mailoutbox == []


def test_a_member_of_another_workspace_cannot_be_changed_from_here(client, owner):
    """Member ids are looked up inside the workspace of the URL only."""
    elsewhere = make_workspace("other", user=make_user("bob@example.org"))
    bob = elsewhere.memberships.get()
    assert client.post(f"/w/acme/members/{bob.pk}/role/", {"role": "viewer"}).status_code == 404
    assert client.post(f"/w/acme/members/{bob.pk}/remove/").status_code == 404
    assert Membership.objects.get(pk=bob.pk).role == Role.OWNER
