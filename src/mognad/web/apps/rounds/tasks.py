"""Background work of rounds: mailing personal invitations and reminders."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mognad.web.apps.rounds.models import Invitation
from mognad.web.tokens import hash_token


def invitation_path(token: str) -> str:
    """The path of a personal invitation link (served by the respond app)."""
    return f"/i/{token}/"


@task
def send_invitation(
    round_id: int, address: str, token: str, base_url: str, language: str, reminder: bool
) -> bool:
    """Mails `address` its personal link; False when the token was replaced meanwhile.

    The invitation is found by the token's hash, so a mail still queued when a
    reminder rotated the token is dropped instead of carrying a dead link.
    """
    invitation = (
        Invitation.objects.select_related("round__workspace")
        .filter(round_id=round_id, email=address, token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        return False
    context = {
        "round": invitation.round,
        "workspace": invitation.round.workspace,
        "link": base_url + invitation_path(token),
        "reminder": reminder,
    }
    with translation.override(language):
        subject = render_to_string("rounds/email/invitation_subject.txt", context).strip()
        body = render_to_string("rounds/email/invitation.txt", context)
    send_mail(subject, body, None, [address])
    _mark_sent(invitation, reminder)
    return True


def _mark_sent(invitation: Invitation, reminder: bool) -> None:
    today = timezone.localdate()
    fields = ["reminded_on"] if reminder else ["sent_on"]
    if reminder:
        invitation.reminded_on = today
    if invitation.sent_on is None:
        invitation.sent_on = today
        fields.append("sent_on")
    invitation.save(update_fields=sorted(set(fields)))
